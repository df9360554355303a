package dk.opennsp.soap;

import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.security.dgws.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.IOException;
import java.net.URL;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** Reading SOAP body payloads for {@code Provider<Source>} endpoints: schema-validated DOM, or a syntax_error fault. */
public final class SoapPayloads {
    private static final TransformerFactory TRANSFORMERS = TransformerFactory.newInstance();
    /**
     * Validators and the identity transform are not thread-safe but are reusable one request after another:
     * each request thread keeps its own. Creating a validator per request cost about 4% of a DGWS lookup,
     * and one shared transform made every request wait for the others' copies.
     */
    private static final ThreadLocal<Map<Schema, Validator>> VALIDATORS = ThreadLocal.withInitial(IdentityHashMap::new);
    private static final ThreadLocal<Transformer> IDENTITY = ThreadLocal.withInitial(SoapPayloads::identityTransform);

    private SoapPayloads() {
    }

    /** Compiles a schema from the classpath; its includes and imports resolve beside it (file or jar). */
    public static Schema schema(String resource) {
        URL entry = SoapPayloads.class.getClassLoader().getResource(resource);
        if (entry == null) {
            throw new IllegalStateException("Schema missing from the classpath: " + resource);
        }
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
            return factory.newSchema(new StreamSource(entry.openStream(), entry.toExternalForm()));
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("Schema cannot be compiled: " + resource, e);
        }
    }

    /**
     * The payload's root element, after checking it is one of {@code names} in {@code namespace}
     * and valid per {@code schema}; {@code what} names the schema in the fault text.
     */
    public static Element read(Source payload, Schema schema, String namespace, Set<String> names, String what) {
        Element root = root(payload, namespace, names);
        try {
            Validator validator = VALIDATORS.get().computeIfAbsent(schema, Schema::newValidator);
            validator.reset();
            validator.validate(new DOMSource(root.getOwnerDocument()));
        } catch (SAXException e) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, root.getLocalName() + " does not follow the " + what + " schema: "
                    + e.getMessage());
        } catch (IOException e) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "The request body cannot be read");
        }
        return root;
    }

    /**
     * The payload's root element, checked to be one of {@code names} in {@code namespace} but not
     * validated: for services that judge parts of a request separately (partial success).
     */
    public static Element root(Source payload, String namespace, Set<String> names) {
        Document document;
        if (payload instanceof DOMSource dom && dom.getNode() instanceof Document d) {
            document = d;
        } else {
            try {
                DOMResult result = new DOMResult(SecureXml.newDocument());
                Transformer identity = IDENTITY.get();
                identity.reset();
                identity.transform(payload, result);
                document = (Document) result.getNode();
            } catch (TransformerException e) {
                throw new DgwsException(FaultCode.SYNTAX_ERROR, "The request body cannot be read");
            }
        }
        Element root = document.getDocumentElement();
        if (root == null || !namespace.equals(root.getNamespaceURI()) || !names.contains(root.getLocalName())) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "The body must be one of " + names + " in " + namespace);
        }
        return root;
    }

    private static Transformer identityTransform() {
        synchronized (TRANSFORMERS) {
            // the factory is not thread-safe
            try {
                return TRANSFORMERS.newTransformer();
            } catch (TransformerConfigurationException e) {
                throw new IllegalStateException("No identity transform available", e);
            }
        }
    }

    /** The first child element with this local name, or null. */
    public static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** The trimmed text of the first child with this local name, or null. */
    public static String text(Element parent, String localName) {
        Element e = child(parent, localName);
        return e == null ? null : e.getTextContent().trim();
    }

    /** A response document with one root element {@code prefix:rootName} in the namespace; {@code fill} adds its children. */
    public static Source response(String namespace, String prefix, String rootName, BiConsumer<Document, Element> fill) {
        Document document = SecureXml.newDocument();
        Element root = document.createElementNS(namespace, prefix + ":" + rootName);
        document.appendChild(root);
        fill.accept(document, root);
        return new DOMSource(document);
    }

    /** Appends {@code <name>value</name>} in the parent's namespace and prefix; a null value adds nothing. */
    public static Element add(Element parent, String localName, Object value) {
        if (value == null) {
            return null;
        }
        Element e = element(parent, localName);
        e.setTextContent(value.toString());
        return e;
    }

    /** Appends an empty element in the parent's namespace and prefix. */
    public static Element element(Element parent, String localName) {
        String prefix = parent.getPrefix();
        Element e = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(),
                prefix == null ? localName : prefix + ":" + localName);
        parent.appendChild(e);
        return e;
    }
}
