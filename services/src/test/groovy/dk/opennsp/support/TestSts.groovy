package dk.opennsp.support

import dk.opennsp.security.dgws.DgwsEnvelope
import groovy.xml.XmlSlurper
import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.security.dgws.IdCardIssuer
import dk.opennsp.security.dgws.IdCardIssuer.CardSubject
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.CRLReason
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.cert.X509v2CRLBuilder
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder

import javax.xml.crypto.dsig.SignatureMethod
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.cert.X509Certificate
import java.time.Instant
import java.time.temporal.ChronoUnit

/**
 * Test material only: a test CA and STS certificates generated per run, and DGWS requests built the
 * way a real vendor system (or an attacker) would build them.
 */
class TestSts {
    static final String FMK_NS = 'http://www.dkma.dk/medicinecard/xml.schema/2015/06/01'
    static final String PROFESSIONAL_CPR = '0101701111'
    static final String ORG_SOR = '100111000016009' // demo Hjertemedicinsk Klinik, under Rigshospitalet

    static final KeyPair CA_KEYS = rsa(2048)
    static final X509Certificate CA = certificate('CN=OpenNSP Test CA', CA_KEYS, 'CN=OpenNSP Test CA', CA_KEYS, true, -1, 365)
    static final KeyPair STS_KEYS = rsa(2048)
    static final X509Certificate TRUSTED_CERTIFICATE = certificate('CN=Test STS', STS_KEYS, 'CN=OpenNSP Test CA', CA_KEYS, false, -1, 30)
    static final IdCardIssuer TRUSTED = issuer(STS_KEYS, TRUSTED_CERTIFICATE)

    static final KeyPair ROGUE_CA_KEYS = rsa(2048)
    static final IdCardIssuer UNTRUSTED = issuer(STS_KEYS, certificate('CN=Test STS', STS_KEYS, 'CN=Rogue CA', ROGUE_CA_KEYS, false, -1, 30))
    static final IdCardIssuer EXPIRED_CERT = issuer(STS_KEYS, certificate('CN=Old STS', STS_KEYS, 'CN=OpenNSP Test CA', CA_KEYS, false, -60, -30))
    /** A certificate of the trusted CA that the CA has since revoked (it is on the CRL {@link #writeCrl} writes). */
    static final X509Certificate REVOKED_CERTIFICATE = certificate('CN=Revoked STS', STS_KEYS, 'CN=OpenNSP Test CA', CA_KEYS, false, -1, 30)
    static final IdCardIssuer REVOKED = issuer(STS_KEYS, REVOKED_CERTIFICATE)
    static final KeyPair WEAK_KEYS = rsa(1024)
    static final IdCardIssuer WEAK_KEY = issuer(WEAK_KEYS, certificate('CN=Weak STS', WEAK_KEYS, 'CN=OpenNSP Test CA', CA_KEYS, false, -1, 30))

    static Path writeTrustAnchors(Path dir) {
        Path file = dir.resolve('dgws-trust-anchors.pem')
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n${Base64.mimeEncoder.encodeToString(CA.encoded)}\n-----END CERTIFICATE-----\n")
        file
    }

    static CardSubject user(Map overrides = [:]) {
        Map v = [cpr: PROFESSIONAL_CPR, given: 'Test', sur: 'Doctor', role: '7170', auth: 'T0001', system: 'Test EPJ',
                 provider: '12345678', format: 'medcom:cvrnumber', providerName: 'Test Hospital', level: 4] + overrides
        new CardSubject('user', v.level as int, v.cpr as String, v.given as String, v.sur as String, null, v.role as String,
                v.auth as String, null, v.system as String, v.provider as String, v.format as String, v.providerName as String)
    }

    static String card(Map overrides = [:], IdCardIssuer issuer = TRUSTED) {
        issuer.issue(user(overrides), Instant.now().minus(5, ChronoUnit.MINUTES))
    }

    static String card(CardSubject subject, Instant notBefore, Instant notOnOrAfter, String method = SignatureMethod.RSA_SHA256,
                       IdCardIssuer issuer = TRUSTED) {
        issuer.issue(subject, notBefore, notOnOrAfter, method)
    }

    /** A level-3 system card (VOCES) of a care provider named by CVR, valid from five minutes ago. */
    static String systemCard(String itSystem = 'EPJ', String cvr = '12345678', String providerName = 'Hospital') {
        TRUSTED.issue(CardSubject.system(itSystem, cvr, 'medcom:cvrnumber', providerName), Instant.now().minus(5, ChronoUnit.MINUTES))
    }

    static String getMedicineCard(String cpr) {
        "<GetMedicineCardRequest xmlns=\"${FMK_NS}\"><PersonIdentifier source=\"CPR\">${cpr}</PersonIdentifier>" +
                '<IncludePrescriptions>false</IncludePrescriptions><IncludeEffectuations>false</IncludeEffectuations>' +
                '<IncludeNonRelevantPrescriptions>false</IncludeNonRelevantPrescriptions></GetMedicineCardRequest>'
    }

    /** HSUID as an EPJ sends it: the unit by SOR, so blockings by organisation and the log name the unit. */
    static Map<String, String> hsuid(String citizenCpr, Map<String, String> extra = [:]) {
        ['nsi:UserType'                                           : 'nsi:HealthcareProfessional',
         'nsi:ActingUserCivilRegistrationNumber'                  : PROFESSIONAL_CPR,
         'nsi:CitizenCivilRegistrationNumber'                     : citizenCpr,
         'nsi:OrgUsingID'                                         : ORG_SOR,
         ('nsi:OrgUsingID' + DgwsEnvelope.NAME_FORMAT_SUFFIX)     : 'nsi:sor',
         'nsi:OrgResponsibleName'                                 : 'Test Department'] + extra
    }

    static String request(String cpr, String card = card(), Map<String, String> hsuid = hsuid(cpr), int level = 4) {
        DgwsRequestWriter.envelope(card, level, hsuid, getMedicineCard(cpr))
    }

    /** Posts a DGWS request; the SOAPAction names FMK's GetMedicineCard on /soap/fmk and is empty (allowed) elsewhere. */
    static Http.Response post(String xml, String path = '/soap/fmk',
                              String soapAction = path == '/soap/fmk' ? "\"${FMK_NS}#GetMedicineCard\"".toString() : '""') {
        Http.send('POST', path, null, xml, ['Content-Type': 'text/xml; charset=utf-8', SOAPAction: soapAction])
    }

    /** True when the SOAP body's payload is valid per the schema on the classpath; throws naming the problem otherwise. */
    static boolean payloadValid(Http.Response r, String xsdResource) {
        def schema = javax.xml.validation.SchemaFactory.newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(TestSts.getResource(xsdResource))
        def doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().with { namespaceAware = true; it }
                .newDocumentBuilder().parse(new ByteArrayInputStream(r.text.getBytes('UTF-8')))
        def payload = doc.getElementsByTagNameNS('http://schemas.xmlsoap.org/soap/envelope/', 'Body').item(0).firstChild
        while (payload != null && payload.nodeType != org.w3c.dom.Node.ELEMENT_NODE) payload = payload.nextSibling
        schema.newValidator().validate(new javax.xml.transform.dom.DOMSource(payload))
        true
    }

    static GPathResultHolder parse(Http.Response response) {
        new GPathResultHolder(new XmlSlurper(false, true).parseText(response.text))
    }

    /** Namespace-aware view of a SOAP reply. */
    static class GPathResultHolder {
        final groovy.xml.slurpersupport.GPathResult root

        GPathResultHolder(groovy.xml.slurpersupport.GPathResult root) {
            this.root = root.declareNamespace(soap: 'http://schemas.xmlsoap.org/soap/envelope/',
                    medcom: 'http://www.medcom.dk/dgws/2006/04/dgws-1.0.xsd', fmk: FMK_NS,
                    opennsp: 'urn:opennsp:soap:notice:1')
        }

        String getFaultCode() {
            root.'soap:Body'.'soap:Fault'.detail.'medcom:FaultCode'.text()
        }

        String getSoapFaultCode() {
            root.'soap:Body'.'soap:Fault'.faultcode.text()
        }

        def getMedcom() {
            root.'soap:Header'.'medcom:Header'
        }

        List<String> getAtcCodes() {
            root.'soap:Body'.'fmk:GetMedicineCardResponse'.'fmk:MedicineCard'.'fmk:DrugMedication'.collect {
                it.'fmk:Drug'.'fmk:ATC'.'fmk:Code'.text()
            }
        }

        String getNotice() {
            root.'soap:Header'.'opennsp:AccessNotice'.@code.text()
        }
    }

    /** The test CA's CRL listing {@code revoked} (by default {@link #REVOKED_CERTIFICATE}) as revoked an hour ago, valid until {@code nextUpdate}. */
    static Path writeCrl(Path dir, String name = 'test-ca.crl', Instant nextUpdate = Instant.now().plus(7, ChronoUnit.DAYS),
                         KeyPair signer = CA_KEYS, List<X509Certificate> revoked = [REVOKED_CERTIFICATE]) {
        Instant now = Instant.now()
        def builder = new X509v2CRLBuilder(new X500Name('CN=OpenNSP Test CA'), Date.from(now.minus(2, ChronoUnit.HOURS)))
        builder.setNextUpdate(Date.from(nextUpdate))
        revoked.each { builder.addCRLEntry(it.serialNumber, Date.from(now.minus(1, ChronoUnit.HOURS)), CRLReason.keyCompromise) }
        def holder = builder.build(new JcaContentSignerBuilder('SHA256withRSA').build(signer.private))
        Path file = dir.resolve(name)
        Files.write(file, holder.encoded)
        file
    }

    private static IdCardIssuer issuer(KeyPair keys, X509Certificate cert) {
        new IdCardIssuer(keys.private, cert, 'OpenNSP test STS')
    }

    static KeyPair rsa(int bits) {
        KeyPairGenerator g = KeyPairGenerator.getInstance('RSA')
        g.initialize(bits)
        g.generateKeyPair()
    }

    static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca,
                                       int fromDays, int toDays) {
        Instant now = Instant.now()
        def builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(System.nanoTime()),
                Date.from(now.plus(fromDays, ChronoUnit.DAYS)), Date.from(now.plus(toDays, ChronoUnit.DAYS)),
                new X500Name(subject), subjectKeys.public)
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
        new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder('SHA256withRSA').build(issuerKeys.private)))
    }
}
