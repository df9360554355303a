package dk.opennsp.services.dev;

import dk.opennsp.cluster.StartupLock;
import dk.opennsp.minspaerring.BlockingKind;
import dk.opennsp.services.appointments.AppointmentRecord;
import dk.opennsp.services.appointments.AppointmentService;
import dk.opennsp.services.diagnoses.DiagnosisRecord;
import dk.opennsp.services.diagnoses.DiagnosisService;
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

import java.time.Instant;
import java.time.LocalDate;

/**
 * Dev mode only: seeds the demo organisations, medicine cards, appointments, diagnoses and one blocking. Idempotent, so a
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
    private final AppointmentService appointments;
    private final DiagnosisService diagnoses;
    private final BlockingService blockings;
    private final StartupLock startupLock;

    public DevDataSeeder(SorRegistry registry, SorTree tree, MedicineCardService medicineCard, AppointmentService appointments,
                         DiagnosisService diagnoses, BlockingService blockings, StartupLock startupLock) {
        this.registry = registry;
        this.tree = tree;
        this.medicineCard = medicineCard;
        this.appointments = appointments;
        this.diagnoses = diagnoses;
        this.blockings = blockings;
        this.startupLock = startupLock;
    }

    private Caller source(String sorCode) {
        return new Caller(Caller.UserType.SYSTEM, "dev-seeder", null, null, null, null, null,
                new Caller.CallerOrganisation(sorCode, "sor", tree.nameOf(sorCode).orElse(null)), "OpenNSP dev seeder", null,
                Caller.PurposeOfUse.TREAT, null, null, Caller.TokenModel.JWT);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        // nodes started together on an empty database seed one after the other, not into each other's keys
        startupLock.holding("dev-data-seeding", () -> {
            seed();
            return null;
        });
    }

    private void seed() {
        int added = registry.load(DevSorData.build(), "dev-seeder");
        int n = 0;
        for (String[] m : DevData.MEDICATIONS) {
            n++;
            medicineCard.upsert(source(m[6]), DEMO_ORDINATION_SYSTEM, "demo-" + n, new MedicationRecord.Content(m[0], "active",
                    m[1], m[2], m[3], LocalDate.parse(m[4]), m[5] == null ? null : LocalDate.parse(m[5])));
        }
        n = 0;
        for (String[] a : DevData.APPOINTMENTS) {
            n++;
            appointments.upsert(source(a[7]), DEMO_ORDINATION_SYSTEM, "demo-appointment-" + n, new AppointmentRecord.Content(
                    a[0], a[3], Instant.parse(a[1]), Instant.parse(a[2]), a[4], a[5], null, a[6], a[6], null));
        }
        n = 0;
        for (String[] d : DevData.DIAGNOSES) {
            n++;
            diagnoses.upsert(source(d[8]), DEMO_ORDINATION_SYSTEM, "demo-diagnosis-" + n, new DiagnosisRecord.Content(
                    d[0], d[1], d[2], d[3], d[4], d[5], LocalDate.parse(d[6]), d[7] == null ? null : LocalDate.parse(d[7]),
                    null, null));
        }
        if (blockings.list(DevData.LISE).isEmpty()) {
            blockings.create(DevData.LISE, BlockingService.Draft.of(BlockingKind.PROFESSIONAL, "D2B34"),
                    new BlockingService.Registrar("self", "dev-seeder", "OpenNSP dev seeder", null));
        }
        LOG.info("Dev mode: demo data ready ({} SOR entities, {} new; {} medications, {} appointments, {} diagnoses); "
                + "mint tokens at POST /dev/token", tree.size(), added, DevData.MEDICATIONS.size(), DevData.APPOINTMENTS.size(),
                DevData.DIAGNOSES.size());
    }
}
