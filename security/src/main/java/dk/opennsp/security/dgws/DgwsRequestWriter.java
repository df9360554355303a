package dk.opennsp.security.dgws;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a DGWS request envelope around an ID card: wsse:Security (timestamp + card), medcom:Header
 * and, optionally, the HSUID header. Used by dev mode's ready-made requests and by the tests.
 */
public final class DgwsRequestWriter {
    private DgwsRequestWriter() {
    }

    /**
     * @param hsuid HSUID attribute name → value (e.g. {@code nsi:OrgUsingID}); a NameFormat may be given
     *              under name + {@link DgwsEnvelope#NAME_FORMAT_SUFFIX}. Empty for no HSUID header.
     */
    public static String envelope(String card, int securityLevel, Map<String, String> hsuid, String body) {
        StringBuilder xml = new StringBuilder()
                .append("<soapenv:Envelope xmlns:soapenv=\"").append(DgwsNamespaces.SOAP11)
                .append("\" xmlns:wsse=\"").append(DgwsNamespaces.WSSE)
                .append("\" xmlns:wsu=\"").append(DgwsNamespaces.WSU)
                .append("\" xmlns:medcom=\"").append(DgwsNamespaces.MEDCOM).append("\">")
                .append("<soapenv:Header>")
                .append("<wsse:Security><wsu:Timestamp><wsu:Created>").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append("</wsu:Created></wsu:Timestamp>").append(card).append("</wsse:Security>")
                .append("<medcom:Header><medcom:SecurityLevel>").append(securityLevel).append("</medcom:SecurityLevel>")
                .append("<medcom:Linking><medcom:MessageID>").append(UUID.randomUUID()).append("</medcom:MessageID></medcom:Linking>")
                .append("<medcom:FlowStatus>flow_running</medcom:FlowStatus>")
                .append("<medcom:Priority>RUTINE</medcom:Priority></medcom:Header>");
        if (!hsuid.isEmpty()) {
            xml.append("<nsi:HSUIDHeader xmlns:nsi=\"").append(DgwsNamespaces.HSUID).append("\"><nsi:Assertion><nsi:AttributeStatement>");
            hsuid.forEach((name, value) -> {
                if (!name.endsWith(DgwsEnvelope.NAME_FORMAT_SUFFIX)) {
                    String format = hsuid.get(name + DgwsEnvelope.NAME_FORMAT_SUFFIX);
                    xml.append("<nsi:Attribute Name=\"").append(IdCardIssuer.esc(name)).append('"');
                    if (format != null) {
                        xml.append(" NameFormat=\"").append(IdCardIssuer.esc(format)).append('"');
                    }
                    xml.append("><nsi:AttributeValue>").append(IdCardIssuer.esc(value)).append("</nsi:AttributeValue></nsi:Attribute>");
                }
            });
            xml.append("</nsi:AttributeStatement></nsi:Assertion></nsi:HSUIDHeader>");
        }
        return xml.append("</soapenv:Header><soapenv:Body>").append(body).append("</soapenv:Body></soapenv:Envelope>").toString();
    }
}
