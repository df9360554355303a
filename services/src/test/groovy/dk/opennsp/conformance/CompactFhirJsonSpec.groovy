package dk.opennsp.conformance

import ca.uhn.fhir.context.FhirContext
import dk.opennsp.security.error.FhirCodec
import dk.opennsp.security.error.FhirOutput
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import org.hl7.fhir.r4.model.Bundle
import org.hl7.fhir.r4.model.CodeableConcept
import org.hl7.fhir.r4.model.Coding
import org.hl7.fhir.r4.model.DateType
import org.hl7.fhir.r4.model.DecimalType
import org.hl7.fhir.r4.model.Extension
import org.hl7.fhir.r4.model.HumanName
import org.hl7.fhir.r4.model.Medication
import org.hl7.fhir.r4.model.MedicationStatement
import org.hl7.fhir.r4.model.Narrative
import org.hl7.fhir.r4.model.Observation
import org.hl7.fhir.r4.model.OperationOutcome
import org.hl7.fhir.r4.model.Patient
import org.hl7.fhir.r4.model.Quantity
import org.hl7.fhir.r4.model.Reference
import org.hl7.fhir.r4.model.Resource
import org.hl7.fhir.r4.model.StringType
import org.hl7.fhir.utilities.xhtml.XhtmlNode
import spock.lang.Shared

import static dk.opennsp.support.TestKeys.citizen
import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.token

/**
 * Compact JSON responses are written by the FHIR core composer onto Jackson instead of HAPI's parser; the
 * text must be exactly what HAPI writes. Checked on hand-built resources with awkward content, and on what
 * the running server answers: HAPI re-encoding a response must give back the same bytes.
 */
class CompactFhirJsonSpec extends AppSpec {
    @Shared FhirCodec codec = new FhirCodec()
    @Shared FhirContext hapi = FhirContext.forR4Cached()

    private String viaHapi(Resource resource) {
        hapi.newJsonParser().encodeResourceToString(resource)
    }

    def "the compact writer gives HAPI's text for #what"() {
        expect: 'the same text, whichever path wrote it'
        codec.write(resource, FhirOutput.JSON) == viaHapi(resource)

        and: 'which path: HAPI only for what the compact writer would change'
        Class.forName('dk.opennsp.security.error.CompactFhirJson').writesAsHapi(resource) == compact

        where:
        what                                   | resource | compact
        'escapes, control characters, unicode' | new Patient().addName(new HumanName().setFamily('Ø"\\/\n\t\u0001 </script> æøå 😀').addGiven('Zoë')).setId('p-1') | true
        'a primitive with an extension'        | new Patient().setBirthDateElement((DateType) new DateType('1990-01-01').addExtension(new Extension('http://x.dk/e', new StringType('v')))).setId('p-2') | true
        'a primitive with only an extension'   | new Patient().setBirthDateElement((DateType) new DateType().addExtension(new Extension('http://x.dk/e', new StringType('v')))) | true
        'decimals keep their precision'        | new Observation().setStatus(Observation.ObservationStatus.FINAL).setCode(new CodeableConcept().setText('x')).setValue(new Quantity().setValueElement(new DecimalType('1.50')).setUnit('mg')) | true
        'booleans and integers'                | new Patient().setActive(false).setMultipleBirth(new org.hl7.fhir.r4.model.IntegerType(2)) | true
        'a contained resource'                 | medicationWithContained() | false
        'a narrative'                          | withNarrative() | true
        'an outcome'                           | FhirCodec.outcome(OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueType.INVALID, 'bad "input" \\ here') | true
        'a bundle of resources'                | new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(2).addEntry(new Bundle.BundleEntryComponent().setFullUrl('http://h/fhir/Patient/p-1').setResource(new Patient().setId('p-1'))).addEntry(new Bundle.BundleEntryComponent().setFullUrl('urn:uuid:1').setResource(FhirCodec.outcome(OperationOutcome.IssueSeverity.WARNING, OperationOutcome.IssueType.SUPPRESSED, 'withheld'))) | true
        'an empty resource'                    | new Patient() | true
        'an id given as a full reference'      | new Patient().setId('Patient/p-3/_history/2') | false
        'a bundle entry with such an id'       | new Bundle().setType(Bundle.BundleType.SEARCHSET).addEntry(new Bundle.BundleEntryComponent().setResource(new Patient().setId('http://h/fhir/Patient/p-4'))) | false
    }

    private static MedicationStatement medicationWithContained() {
        Medication medication = new Medication().setCode(new CodeableConcept().addCoding(new Coding('http://www.whocc.no/atc', 'N02BE01', 'Paracetamol')))
        medication.setId('#med')
        MedicationStatement statement = new MedicationStatement().setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                .setMedication(new Reference('#med')).setSubject(new Reference().setDisplay('x'))
        statement.addContained(medication)
        statement
    }

    private static Patient withNarrative() {
        XhtmlNode div = new XhtmlNode()
        div.setValueAsString('<div xmlns="http://www.w3.org/1999/xhtml"><p>Nancy &amp; <b>co</b></p></div>')
        Patient patient = new Patient()
        patient.setText(new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED).setDiv(div))
        patient
    }

    def "every JSON response of the running server is HAPI's own text: #path"() {
        given:
        String cpr = newCpr()
        assert putMedication(cpr, "compact-${cpr}", medicationStatement(cpr, 'N02BE01', 'Panodil "forte" æ/ø')).status == 201
        String actualPath = path.replace('CPR', cpr)

        when:
        Http.Response response = Http.get(actualPath, token(caller == 'citizen' ? citizen(cpr) : professional()))

        then:
        response.status == status
        response.text == hapi.newJsonParser().encodeResourceToString(hapi.newJsonParser().parseResource(response.text))

        where:
        path                                                                             | caller         | status
        '/fhir/metadata'                                                                 | 'professional' | 200
        '/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7CCPR'      | 'professional' | 200
        '/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7CCPR'      | 'citizen'      | 200
        '/fhir/Appointment?patient.identifier=urn:oid:1.2.208.176.1.2%7CCPR'              | 'professional' | 200
        '/fhir/Organization?name=Rigshospitalet'                                         | 'professional' | 200
        '/fhir/MedicationStatement?patient.identifier=garbage'                           | 'professional' | 400
        '/fhir/MedicationStatement/no-such-id'                                           | 'professional' | 404
    }
}
