package dk.opennsp.security.dgws;

import java.util.Map;

/**
 * What the envelope scan found: the ID card exactly as it was sent (with the namespace bindings it
 * inherits), the medcom:Header, the HSUID attributes and the body's operation element.
 *
 * @param card          the one saml:Assertion inside wsse:Security, or null when there is none
 * @param medcom        the medcom:Header, or null when absent
 * @param hsuid         HSUID attribute name → value (e.g. {@code nsi:ConsentOverride} → {@code true}), or null when absent
 * @param operation     local name of the body's first element
 * @param operationNamespace namespace of that element
 * @param body          the soap:Body as sent (its exact characters), for recognising a retransmission
 * @param withoutHeader the message with its soap:Header cut out: once the headers are handled here, this is
 *                      all the SOAP binding reads (it would otherwise build a DOM of the whole ID card again)
 */
public record DgwsEnvelope(CardBytes card, MedcomHeader medcom, Map<String, String> hsuid,
                           String operation, String operationNamespace, String body, String withoutHeader) {

    /**
     * What the request asks for, independent of the card it carries (a retransmission may come with a
     * renewed card): SHA-256 over the body and the HSUID attributes, hex.
     */
    public String requestFingerprint() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (hsuid != null) {
                sha.update(new java.util.TreeMap<>(hsuid).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HSUID attributes' NameFormat is kept under the attribute name plus this suffix. */
    public static final String NAME_FORMAT_SUFFIX = "@NameFormat";

    /** The card's exact characters plus the namespace bindings in scope where it stood. */
    public record CardBytes(String xml, Map<String, String> inheritedNamespaces) {
    }

    /** The medcom:Header fields DGWS defines (values as sent). */
    public record MedcomHeader(String securityLevel, String timeOut, String flowId, String messageId,
                               String inResponseToMessageId, String flowStatus, String priority,
                               String requireNonRepudiationReceipt) {
    }
}
