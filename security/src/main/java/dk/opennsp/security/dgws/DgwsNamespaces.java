package dk.opennsp.security.dgws;

/** Namespaces of the DGWS / SOSI / HSUID envelope (ARCHITECTURE.md §4). */
public final class DgwsNamespaces {
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    public static final String MEDCOM = "http://www.medcom.dk/dgws/2006/04/dgws-1.0.xsd";
    public static final String SOSI = "http://www.sosi.dk/sosi/2006/04/sosi-1.0.xsd";
    public static final String HSUID = "http://www.nsi.dk/hsuid/2016/08/hsuid-1.1.xsd";

    private DgwsNamespaces() {
    }
}
