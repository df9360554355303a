package dk.opennsp.services.patient;

import dk.opennsp.security.access.DataOrigin;

/**
 * One item of a citizen's data that a producer owns by business identifier (a medication, an
 * appointment, a diagnosis). {@code C} is the clinical content the producer controls.
 */
public interface PatientRecord<C extends PatientRecord.Content> {

    /** What a producer sends; equal content means a retry, not a change. */
    interface Content {
        String patientCpr();
    }

    C content();

    String resourceId();

    /** The producer's business identifier, which a conditional update names. */
    String identifierSystem();

    String identifierValue();

    int version();

    /** Where and when the data was created: what data-specific blockings are judged by. */
    DataOrigin origin();

    static DataOrigin origin(String orgIdType, String orgId, java.time.Instant dataCreatedAt) {
        return new DataOrigin("sor".equals(orgIdType) ? orgId : null, dataCreatedAt);
    }
}
