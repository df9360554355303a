package dk.opennsp.services.soap;

import jakarta.inject.Singleton;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.net.URL;

/** The official FMK 1.4.6 GetMedicineCard schemas (copied unchanged under wsdl/fmk), compiled once. */
@Singleton
public class FmkSchemas {
    public static final String NAMESPACE = "http://www.dkma.dk/medicinecard/xml.schema/2015/06/01";
    static final String ENTRY = "wsdl/fmk/2015/06/01/OpenNSP-GetMedicineCard.xsd";

    private final Schema schema;

    public FmkSchemas() {
        URL entry = FmkSchemas.class.getClassLoader().getResource(ENTRY);
        if (entry == null) {
            throw new IllegalStateException("FMK schema missing from the classpath: " + ENTRY);
        }
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            // the schema's own includes live beside it (file system in development, jar when packaged)
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
            this.schema = factory.newSchema(new StreamSource(entry.openStream(), entry.toExternalForm()));
        } catch (SAXException | java.io.IOException e) {
            throw new IllegalStateException("FMK schema cannot be compiled", e);
        }
    }

    /** Thread-safe; make a new Validator per use. */
    public Schema schema() {
        return schema;
    }
}
