package dk.opennsp.security.dgws;

/**
 * A DGWS fault written without CXF, for refusals made before a request reaches the SOAP stack
 * (admission control at the HTTP edge). Same shape as the faults CXF writes: SOAP 1.1,
 * soap:Client/soap:Server, {@code detail/medcom:FaultCode}.
 */
public final class DgwsFaultXml {
    private DgwsFaultXml() {
    }

    public static String of(FaultCode code, String message) {
        return "<soap:Envelope xmlns:soap=\"" + DgwsNamespaces.SOAP11 + "\"><soap:Body><soap:Fault>"
                + "<faultcode>soap:" + (code.isClientFault() ? "Client" : "Server") + "</faultcode>"
                + "<faultstring>" + escape(message) + "</faultstring>"
                + "<detail><medcom:FaultCode xmlns:medcom=\"" + DgwsNamespaces.MEDCOM + "\">" + code.wireValue()
                + "</medcom:FaultCode></detail></soap:Fault></soap:Body></soap:Envelope>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
