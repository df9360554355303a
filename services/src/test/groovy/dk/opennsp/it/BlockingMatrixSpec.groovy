package dk.opennsp.it

import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestSts
import spock.lang.Shared
import spock.lang.Unroll

import java.time.Instant
import java.time.temporal.ChronoUnit

import static dk.opennsp.support.TestKeys.citizen
import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.token

/**
 * Every blocking kind × every kind of citizen data × both token models. The reader is the same
 * professional in both models: authorization code T0001, CPR 0101701111, working in the demo unit
 * Hjertemedicinsk Klinik (RH_CARDIOLOGY), which lies under Rigshospitalet in the SOR tree.
 * Each citizen has item A (from RH_CARDIOLOGY, created 2025-03-01) and item B (from Aarhus
 * Universitetshospital's endocrinology, created 2026-06-01).
 */
class BlockingMatrixSpec extends AppSpec {
    static final String RIGSHOSPITALET = '100101000016007'
    static final String RH_CARDIOLOGY = '100111000016009'
    static final String AUH_ENDOCRINOLOGY = '100211000016003'
    static final String PATIENT_NS = 'urn:opennsp:patient:1.0'
    static final Map<String, String> ATC_LABEL = ['C07AB02': 'A', 'A10BA02': 'B']

    static final Map<String, Map> BLOCKINGS = [
            'nothing registered'                       : [],
            'ALL'                                      : [[kind: 'ALL']],
            'PROFESSIONAL by authorization code'       : [[kind: 'PROFESSIONAL', target: 'T0001']],
            'PROFESSIONAL by CPR'                      : [[kind: 'PROFESSIONAL', target: '0101701111']],
            'PROFESSIONAL, someone else'               : [[kind: 'PROFESSIONAL', target: 'X9999']],
            'ORGANISATION, the reader\'s unit'         : [[kind: 'ORGANISATION', target: RH_CARDIOLOGY]],
            'ORGANISATION, parent with sub-units'      : [[kind: 'ORGANISATION', target: RIGSHOSPITALET, includeSubUnits: true]],
            'ORGANISATION, parent without sub-units'   : [[kind: 'ORGANISATION', target: RIGSHOSPITALET]],
            'DATA_FROM_ORGANISATION, A\'s unit'        : [[kind: 'DATA_FROM_ORGANISATION', target: RH_CARDIOLOGY]],
            'DATA_FROM_ORGANISATION, parent + sub-units': [[kind: 'DATA_FROM_ORGANISATION', target: RIGSHOSPITALET, includeSubUnits: true]],
            'DATA_FROM_ORGANISATION, parent only'      : [[kind: 'DATA_FROM_ORGANISATION', target: RIGSHOSPITALET]],
            'DATA_PERIOD covering A'                   : [[kind: 'DATA_PERIOD', dataFrom: '2025-01-01T00:00:00Z', dataTo: '2026-01-01T00:00:00Z']],
            'DATA_PERIOD covering both'                : [[kind: 'DATA_PERIOD', dataFrom: '2025-01-01T00:00:00Z']],
            'ALL, ended in the past'                   : [[kind: 'ALL', validTo: '2026-01-01T00:00:00Z']],
            'ALL, starting tomorrow'                   : [[kind: 'ALL', validFrom: Instant.now().plus(1, ChronoUnit.DAYS).toString()]],
            'ALL + POSITIVE_CONSENT to the reader'     : [[kind: 'ALL'], [kind: 'POSITIVE_CONSENT', target: 'T0001']],
            'data blocking + POSITIVE_CONSENT by CPR'  : [[kind: 'DATA_FROM_ORGANISATION', target: RH_CARDIOLOGY],
                                                          [kind: 'POSITIVE_CONSENT', target: '0101701111']],
            'ORGANISATION + POSITIVE_CONSENT, other'   : [[kind: 'ORGANISATION', target: RH_CARDIOLOGY],
                                                          [kind: 'POSITIVE_CONSENT', target: 'X9999']],
    ].collectEntries { k, v -> [k, [registrations: v]] }

    /** blocking → items returned and the indication the caller gets */
    static final Map<String, List> EXPECTED = [
            'nothing registered'                        : [['A', 'B'], 'none'],
            'ALL'                                       : [[], 'suppressed'],
            'PROFESSIONAL by authorization code'        : [[], 'suppressed'],
            'PROFESSIONAL by CPR'                       : [[], 'suppressed'],
            'PROFESSIONAL, someone else'                : [['A', 'B'], 'none'],
            'ORGANISATION, the reader\'s unit'          : [[], 'suppressed'],
            'ORGANISATION, parent with sub-units'       : [[], 'suppressed'],
            'ORGANISATION, parent without sub-units'    : [['A', 'B'], 'none'],
            'DATA_FROM_ORGANISATION, A\'s unit'         : [['B'], 'filtered'],
            'DATA_FROM_ORGANISATION, parent + sub-units': [['B'], 'filtered'],
            'DATA_FROM_ORGANISATION, parent only'       : [['A', 'B'], 'none'],
            'DATA_PERIOD covering A'                    : [['B'], 'filtered'],
            'DATA_PERIOD covering both'                 : [[], 'suppressed'],
            'ALL, ended in the past'                    : [['A', 'B'], 'none'],
            'ALL, starting tomorrow'                    : [['A', 'B'], 'none'],
            'ALL + POSITIVE_CONSENT to the reader'      : [['A', 'B'], 'none'],
            'data blocking + POSITIVE_CONSENT by CPR'   : [['A', 'B'], 'none'],
            'ORGANISATION + POSITIVE_CONSENT, other'    : [[], 'suppressed'],
    ]

    @Shared
    List<List> rows = [BLOCKINGS.keySet(), ['medication', 'appointment', 'diagnosis'], ['JWT', 'DGWS']].combinations()

    @Unroll
    def "#blocking × #dataKind × #model returns #expectedItems (#expectedIndication) and logs only a returning access"() {
        given:
        String cpr = newCpr()
        writeItems(dataKind, cpr)
        BLOCKINGS[blocking].registrations.each { Map body ->
            Http.Response r = Http.send('POST', '/api/citizen/blockings', token(citizen(cpr)), body)
            assert r.status == 201: r.text
        }

        when:
        Map outcome = model == 'JWT' ? readFhir(dataKind, cpr) : readSoap(dataKind, cpr)

        then:
        outcome.items.sort() == expectedItems
        outcome.indication == expectedIndication
        citizenLog(cpr).json.total == (expectedItems ? 1 : 0)

        where:
        [blocking, dataKind, model] << rows
        expectedItems = EXPECTED[blocking][0]
        expectedIndication = EXPECTED[blocking][1]
    }

    static void writeItems(String dataKind, String cpr) {
        [['A', RH_CARDIOLOGY, '2025-03-01', 'C07AB02', 'Metoprolol'],
         ['B', AUH_ENDOCRINOLOGY, '2026-06-01', 'A10BA02', 'Metformin']].each { label, org, date, atc, drug ->
            String id = "${cpr}-${label}"
            Http.Response r = switch (dataKind) {
                case 'medication' -> putMedication(cpr, id, medicationStatement(cpr, atc, drug, [effectivePeriod: [start: date]]), org)
                case 'appointment' -> putResource('Appointment', id, appointment(cpr, [created: "${date}T10:00:00Z".toString()]), org)
                default -> putResource('Condition', id, condition(cpr, [recordedDate: "${date}T10:00:00Z".toString()]), org)
            }
            assert r.status == 201: r.text
        }
    }

    static final Map<String, String> FHIR_TYPE = [medication: 'MedicationStatement', appointment: 'Appointment', diagnosis: 'Condition']

    static Map readFhir(String dataKind, String cpr) {
        Http.Response r = Http.get("/fhir/${FHIR_TYPE[dataKind]}?patient.identifier=${Http.enc('urn:oid:1.2.208.176.1.2|' + cpr)}",
                token(professional()))
        assert r.status == 200: r.text
        List<String> items = r.matches.collect { Map m ->
            dataKind == 'medication' ? ATC_LABEL[m.medicationCodeableConcept.coding[0].code] : m.identifier[0].value[-1]
        }
        String indication = r.outcomes.isEmpty() ? 'none' : (items.isEmpty() ? 'suppressed' : 'filtered')
        if (!r.outcomes.isEmpty()) {
            assert r.outcomes[0].issue[0].code == 'suppressed'
        }
        [items: items, indication: indication]
    }

    static Map readSoap(String dataKind, String cpr) {
        String body = switch (dataKind) {
            case 'medication' -> TestSts.getMedicineCard(cpr)
            case 'appointment' -> "<GetAppointmentsRequest xmlns=\"${PATIENT_NS}\"><PersonIdentifier source=\"CPR\">${cpr}</PersonIdentifier></GetAppointmentsRequest>"
            default -> "<GetDiagnosesRequest xmlns=\"${PATIENT_NS}\"><PersonIdentifier source=\"CPR\">${cpr}</PersonIdentifier></GetDiagnosesRequest>"
        }
        String path = [medication: '/soap/fmk', appointment: '/soap/appointments', diagnosis: '/soap/diagnoses'][dataKind]
        Http.Response r = TestSts.post(DgwsRequestWriter.envelope(TestSts.card(), 4, TestSts.hsuid(cpr), body), path)
        assert r.status == 200: r.text
        def reply = TestSts.parse(r)
        List<String> items
        if (dataKind == 'medication') {
            items = reply.atcCodes.collect { ATC_LABEL[it] }
        } else {
            def response = reply.root.'soap:Body'.children()[0]
            items = response.children().findAll { it.name() in ['Appointment', 'Diagnosis'] }.collect { it.Identifier.text()[-1] }
            String bodyReason = response.DataWithheld.@reason.text()
            assert bodyReason == ([suppressed: 'suppressed', withheld: 'filtered'][reply.notice] ?: '')
        }
        String indication = [suppressed: 'suppressed', withheld: 'filtered'][reply.notice] ?: 'none'
        [items: items, indication: indication]
    }
}
