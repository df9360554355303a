package dk.opennsp.security.access;

import dk.opennsp.security.Caller;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's own audit trail for attempts that returned no citizen data (denied or suppressed).
 * These never reach the citizen's MinLog. Written to the "opennsp.audit" logger so operations can
 * route it to their audit store.
 */
@Singleton
public class PlatformAudit {
    private static final Logger AUDIT = LoggerFactory.getLogger("opennsp.audit");

    public void refused(AccessRequest request, String outcome, String detail) {
        Caller caller = request.caller();
        AUDIT.info("outcome={} kind={} callerType={} subject={} authorizationCode={} org={} system={} detail=\"{}\"",
                outcome, request.dataKind(), caller.userType(), caller.subject(), caller.authorizationCode(),
                caller.organisation() == null ? null : caller.organisation().id(), caller.itSystem(), detail);
    }

    /** Any other audited act that returns no citizen data (e.g. a MinSpærring consent check by another system). */
    public void event(Caller caller, String outcome, String detail) {
        AUDIT.info("outcome={} callerType={} subject={} authorizationCode={} org={} system={} detail=\"{}\"",
                outcome, caller.userType(), caller.subject(), caller.authorizationCode(),
                caller.organisation() == null ? null : caller.organisation().id(), caller.itSystem(), detail);
    }
}
