package dk.opennsp.services.dev;

import dk.opennsp.minspaerring.BlockingKind;
import dk.opennsp.minspaerring.BlockingService;
import dk.opennsp.security.Caller;
import dk.opennsp.services.fmk.MedicationRecord;
import dk.opennsp.services.fmk.MedicineCardService;
import dk.opennsp.sor.SorRegistry;
import dk.opennsp.sor.SorTree;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;

/**
 * Dev mode only: seeds the demo organisations, medicine cards and one blocking. Idempotent, so a
 * restart on the same data directory changes nothing (medications are written by conditional update).
 */
@Singleton
@Requires(property = "opennsp.dev-mode", value = "true")
public class DevDataSeeder {
    private static final Logger LOG = LoggerFactory.getLogger(DevDataSeeder.class);
    static final String DEMO_ORDINATION_SYSTEM = "urn:oid:1.2.208.176.1.5.999";

    private final SorRegistry registry;
    private final SorTree tree;
    private final MedicineCardService medicineCard;
    private final BlockingService blockings;

    public DevDataSeeder(SorRegistry registry, SorTree tree, MedicineCardService medicineCard, BlockingService blockings) {
        this.registry = registry;
        this.tree = tree;
        this.medicineCard = medicineCard;
        this.blockings = blockings;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        int added = registry.load(DevSorData.build(), "dev-seeder");
        int n = 0;
        for (String[] m : DevData.MEDICATIONS) {
            n++;
            String name = tree.nameOf(m[6]).orElse(null);
            Caller source = new Caller(Caller.UserType.SYSTEM, "dev-seeder", null, null, null, null, null,
                    new Caller.CallerOrganisation(m[6], "sor", name), "OpenNSP dev seeder", null,
                    Caller.PurposeOfUse.TREAT, null, null, Caller.TokenModel.JWT);
            medicineCard.upsert(source, DEMO_ORDINATION_SYSTEM, "demo-" + n, new MedicationRecord.Content(m[0], "active",
                    m[1], m[2], m[3], LocalDate.parse(m[4]), m[5] == null ? null : LocalDate.parse(m[5])));
        }
        if (blockings.list(DevData.LISE).isEmpty()) {
            blockings.create(DevData.LISE, BlockingKind.PROFESSIONAL, "D2B34", null, null, "dev-seeder");
        }
        LOG.info("Dev mode: demo data ready ({} SOR entities, {} new; {} medications); mint tokens at POST /dev/token",
                tree.size(), added, DevData.MEDICATIONS.size());
    }
}
