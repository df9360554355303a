package dk.opennsp.security.dgws;

import dk.opennsp.security.Caller;
import dk.opennsp.security.access.ConsentOverride;

/**
 * An authenticated DGWS request: the caller the ID card (and HSUID header) maps to, a værdispring
 * when HSUID asked for one, and the citizen HSUID names (the service checks it matches the request).
 */
public record DgwsCall(DgwsEnvelope envelope, IdCard card, Caller caller, ConsentOverride override, String hsuidCitizenCpr) {
}
