package dk.opennsp.services.diagnoses;

import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.access.AccessGuard;
import dk.opennsp.services.patient.PatientDataService;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** A citizen's diagnosis card: read by FHIR Condition and SOAP GetDiagnoses alike. */
@Singleton
public class DiagnosisService extends PatientDataService<DiagnosisRecord, DiagnosisRecord.Content> {

    public DiagnosisService(DiagnosisRepository repository, AccessGuard guard, Clock clock) {
        super(repository, guard, DataKind.DIAGNOSES, clock);
    }

    @Override
    protected DiagnosisRecord created(String system, String value, DiagnosisRecord.Content c,
                                       Caller.CallerOrganisation org, Instant now) {
        return record(null, UUID.randomUUID().toString(), system, value, c, org, now, now, 1);
    }

    @Override
    protected DiagnosisRecord changed(DiagnosisRecord current, DiagnosisRecord.Content c,
                                       Caller.CallerOrganisation org, Instant now) {
        return record(current.id(), current.resourceId(), current.identifierSystem(),
                current.identifierValue(), c, org, current.createdAt(), now, current.version() + 1);
    }

    private static DiagnosisRecord record(Long id, String resourceId, String system, String value,
                                            DiagnosisRecord.Content c, Caller.CallerOrganisation org,
                                            Instant created, Instant updated, int version) {
        return new DiagnosisRecord(id, resourceId, system, value, c.patientCpr(), c.codeSystem(), c.code(), c.codeDisplay(),
                c.category(), c.clinicalStatus(), c.onsetDate(), c.abatementDate(), c.note(), c.dataCreatedAt(),
                org.id(), org.idType(), org.name(), created, updated, version);
    }
}
