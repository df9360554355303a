package dk.opennsp.sor;

import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import jakarta.inject.Singleton;

/**
 * Who may maintain SOR, and for which region. A JWT must be {@code user_type=sor_admin} with a
 * {@code region_code}. A DGWS card (system level 3 or user level 4) must belong to the region
 * itself: its organisation is the region's CVR number or the SOR code of the region's
 * institution-owner entity. Nobody maintains SOR on behalf of someone else.
 */
@Singleton
public class SorAdministrators {
    private final SorTree tree;

    public SorAdministrators(SorTree tree) {
        this.tree = tree;
    }

    public SorAdmin resolve(Caller caller) {
        if (caller.onBehalfOf() != null) {
            throw ApiException.forbidden("SOR is maintained in one's own name: on-behalf-of is not accepted");
        }
        String region = switch (caller.tokenModel()) {
            case JWT -> caller.is(Caller.UserType.SOR_ADMIN) ? caller.regionCode() : null;
            case DGWS -> caller.is(Caller.UserType.CITIZEN) ? null : regionOwning(caller.organisation());
            case OIDC_SESSION -> null; // citizen pages: citizens never maintain SOR
        };
        if (region == null || region.isBlank()) {
            throw ApiException.forbidden("Only a region's SOR administrator may change SOR "
                    + "(JWT user_type=sor_admin with region_code, or a DGWS card issued to the region)");
        }
        String who = caller.displayName() + " (" + caller.subject() + ", region " + region + ")";
        return new SorAdmin(region, who);
    }

    private String regionOwning(Caller.CallerOrganisation organisation) {
        if (organisation == null) {
            return null;
        }
        return switch (organisation.idType()) {
            case "sor" -> tree.find(organisation.id()).filter(SorAdministrators::isRegion)
                    .map(SorOrganisation::regionCode).orElse(null);
            case "cvr" -> tree.regionByCvr(organisation.id()).map(SorOrganisation::regionCode).orElse(null);
            default -> null;
        };
    }

    static boolean isRegion(SorOrganisation o) {
        return o.entityType() == SorOrganisation.SorEntityType.INSTITUTION_OWNER
                && o.ownerType() == SorOrganisation.OwnerType.REGION;
    }
}
