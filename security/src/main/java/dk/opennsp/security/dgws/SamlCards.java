package dk.opennsp.security.dgws;

import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.saml2.core.Assertion;
import org.w3c.dom.Element;

/**
 * OpenSAML's SAML 2.0 object model for ID cards: an assertion whose signature has been verified is
 * unmarshalled into typed objects ({@link Assertion}, its Issuer, Subject, Conditions and attribute
 * statements) instead of being walked by hand. SOSI's own shapes (a lower-case {@code id}, a SAML1-style
 * {@code ConfirmationMethod} in the SubjectConfirmation) are kept by OpenSAML as unknown content.
 */
final class SamlCards {
    private static final Object LOCK = new Object();
    private static volatile boolean initialized;

    private SamlCards() {
    }

    static Assertion unmarshal(Element assertion) {
        initialize();
        Unmarshaller unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(assertion);
        if (unmarshaller == null) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card is not a SAML 2.0 assertion");
        }
        try {
            XMLObject object = unmarshaller.unmarshall(assertion);
            if (object instanceof Assertion a) {
                return a;
            }
        } catch (UnmarshallingException e) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card cannot be read as a SAML 2.0 assertion");
        }
        throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card is not a SAML 2.0 assertion");
    }

    /** A new SAML object of this element, written with the prefix the SOSI cards use ({@code saml}, {@code ds}). */
    @SuppressWarnings("unchecked")
    static <T extends XMLObject> T build(javax.xml.namespace.QName name, String prefix) {
        initialize();
        org.opensaml.core.xml.XMLObjectBuilder<?> builder = XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilderOrThrow(name);
        return (T) builder.buildObject(name.getNamespaceURI(), name.getLocalPart(), prefix);
    }

    /** The object as a DOM element of a new document. */
    static Element marshal(XMLObject object) {
        try {
            return XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(object).marshall(object);
        } catch (org.opensaml.core.xml.io.MarshallingException e) {
            throw new IllegalStateException("The ID card cannot be written", e);
        }
    }

    /** The text of an attribute value, however OpenSAML typed it (SOSI values carry no xsi:type). */
    static String text(XMLObject value) {
        if (value instanceof XSString s) {
            return s.getValue();
        }
        if (value instanceof XSAny any) {
            return any.getTextContent();
        }
        return value.getDOM() == null ? null : value.getDOM().getTextContent();
    }

    private static void initialize() {
        if (initialized) {
            return;
        }
        synchronized (LOCK) {
            if (!initialized) {
                try {
                    InitializationService.initialize();
                } catch (InitializationException e) {
                    throw new IllegalStateException("OpenSAML cannot be initialised", e);
                }
                initialized = true;
            }
        }
    }
}
