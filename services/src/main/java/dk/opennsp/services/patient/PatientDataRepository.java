package dk.opennsp.services.patient;

import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

/** The storage every kind of citizen data offers the shared service: by citizen, and by producer identifier. */
public interface PatientDataRepository<R> extends CrudRepository<R, Long> {

    /** Every item of the citizen's data of this kind, in the order they are shown. */
    List<R> findForPatient(String patientCpr);

    Optional<R> findByIdentifierSystemAndIdentifierValue(String identifierSystem, String identifierValue);

    /** The item a FHIR read names: its resource id, not the producer's identifier. */
    Optional<R> findByResourceId(String resourceId);
}
