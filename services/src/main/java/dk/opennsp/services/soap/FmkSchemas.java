package dk.opennsp.services.soap;

import dk.opennsp.soap.SoapPayloads;
import jakarta.inject.Singleton;

import javax.xml.validation.Schema;

/** The official FMK 1.4.6 GetMedicineCard schemas (copied unchanged under wsdl/fmk), compiled once. */
@Singleton
public class FmkSchemas {
    public static final String NAMESPACE = "http://www.dkma.dk/medicinecard/xml.schema/2015/06/01";
    static final String ENTRY = "wsdl/fmk/2015/06/01/OpenNSP-GetMedicineCard.xsd";

    private final Schema schema;

    public FmkSchemas() {
        this.schema = SoapPayloads.schema(ENTRY);
    }

    /** Thread-safe; make a new Validator per use. */
    public Schema schema() {
        return schema;
    }
}
