package dk.opennsp.minspaerring;

import dk.opennsp.security.Caller;

import java.util.ArrayList;
import java.util.List;

/**
 * The professional a blocking is judged against: the identifiers a PROFESSIONAL blocking or a
 * positive consent may name (authorization code, CPR — also of the professional an assistant acts
 * for), and the SOR unit they work in.
 */
public record Viewer(List<String> identifiers, String organisationSor) {

    public Viewer {
        identifiers = identifiers.stream().filter(id -> id != null && !id.isBlank()).toList();
    }

    public static Viewer of(String authorizationCode, String cpr, String organisationSor) {
        List<String> ids = new ArrayList<>(2);
        ids.add(authorizationCode);
        ids.add(cpr);
        return new Viewer(ids, organisationSor);
    }

    public static Viewer of(Caller caller) {
        List<String> ids = new ArrayList<>(4);
        ids.add(caller.authorizationCode());
        ids.add(caller.cpr());
        Caller.OnBehalfOf obo = caller.onBehalfOf();
        if (obo != null && "assistant_for".equals(obo.relation())) {
            // an assistant looks up in the name of the responsible professional: their blockings apply too
            ids.add(obo.authorizationCode());
            ids.add(obo.cpr());
        }
        return new Viewer(ids, caller.sorCode().orElse(null));
    }

    boolean isNamedBy(String target) {
        return target != null && identifiers.contains(target);
    }
}
