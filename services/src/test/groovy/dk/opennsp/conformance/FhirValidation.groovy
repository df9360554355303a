package dk.opennsp.conformance

import ca.uhn.fhir.context.FhirContext
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport
import ca.uhn.fhir.validation.FhirValidator
import ca.uhn.fhir.validation.ResultSeverityEnum
import ca.uhn.fhir.validation.SingleValidationMessage
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator
import org.hl7.fhir.r4.model.StructureDefinition

/**
 * HAPI's FHIR instance validator with the R4 core definitions and the server's own extension
 * definitions (as the server serves them). Built once: loading R4 core takes seconds.
 */
class FhirValidation {
    final FhirContext context = FhirContext.forR4()
    private final FhirValidator validator

    FhirValidation(List<StructureDefinition> ownDefinitions) {
        PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(context)
        ownDefinitions.each { own.addStructureDefinition(it) }
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                own,
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context))
        // terminology checks stay on: code systems the chain does not know (SNOMED CT, SKS, ICPC-2, OpenNSP's
        // own) give warnings, while a code outside a bound core value set is an error
        FhirInstanceValidator module = new FhirInstanceValidator(chain)
        validator = context.newValidator().registerValidatorModule(module)
    }

    /** The error and fatal messages for a response body (JSON or XML). */
    List<String> errors(String body) {
        validator.validateWithResult(body).messages
                .findAll { SingleValidationMessage m -> m.severity in [ResultSeverityEnum.ERROR, ResultSeverityEnum.FATAL] }
                .collect { SingleValidationMessage m -> "${m.locationString}: ${m.message}".toString() }
    }
}
