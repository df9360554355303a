package dk.opennsp.services.fhir;

import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The StructureDefinitions of OpenNSP's own extensions (what R4 has no element for), so a validator or a
 * client can look up every extension URL the server emits: served at {@code /fhir/StructureDefinition/{id}}.
 */
public final class OwnExtensions {
    public static final String BASE = "http://opennsp.dk/fhir/StructureDefinition/";
    private static final String ORGANIZATION = "http://hl7.org/fhir/StructureDefinition/Organization";

    private record Definition(String id, String title, String context, String valueType, String targetProfile,
                              String max, String description) {
    }

    private static final List<Definition> DEFINITIONS = List.of(
            new Definition("author-organisation", "Author organisation", "Appointment", "Reference", ORGANIZATION, "1",
                    "The organisation that recorded the appointment (the producer), by SOR, CVR or ydernummer."),
            new Definition(sor("period"), "SOR validity period", "Organization", "Period", null, "1",
                    "The period the SOR entity is valid in (SOR fromDate/toDate)."),
            new Definition(sor("region-code"), "SOR region code", "Organization", "string", null, "1",
                    "The code of the region the SOR entity belongs to."),
            new Definition(sor("owner-type"), "SOR owner type", "Organization", "string", null, "1",
                    "Who owns the SOR entity (public, private)."),
            new Definition(sor("organisational-level"), "SOR organisational level", "Organization", "Coding", null, "1",
                    "The SOR organisational level of the entity."),
            new Definition(sor("speciality"), "SOR speciality", "Organization", "string", null, "*",
                    "A speciality of the SOR entity; one extension per speciality."),
            new Definition(sor("replaces"), "Replaces", "Organization", "Reference", ORGANIZATION, "1",
                    "The SOR entity this one replaces."),
            new Definition(sor("replaced-by"), "Replaced by", "Organization", "Reference", ORGANIZATION, "1",
                    "The SOR entity that replaces this one."),
            new Definition(sor("address-inherited-from"), "Address inherited from", "Organization.address", "Reference",
                    ORGANIZATION, "1", "The SOR entity higher up whose address this one inherits."));

    private static final Map<String, StructureDefinition> BY_ID = new LinkedHashMap<>();

    static {
        DEFINITIONS.forEach(d -> BY_ID.put(d.id(), build(d)));
    }

    private OwnExtensions() {
    }

    public static List<String> urls() {
        return BY_ID.values().stream().map(StructureDefinition::getUrl).toList();
    }

    /** A copy: the caller may not change the shared definition. */
    public static Optional<StructureDefinition> find(String id) {
        return Optional.ofNullable(BY_ID.get(id)).map(StructureDefinition::copy);
    }

    private static String sor(String name) {
        return "sor-" + name;
    }

    private static StructureDefinition build(Definition d) {
        String url = BASE + d.id();
        StructureDefinition sd = new StructureDefinition();
        sd.setId(d.id());
        sd.setUrl(url);
        sd.setVersion("0.1");
        sd.setName(computerName(d.id()));
        sd.setTitle(d.title());
        sd.setStatus(Enumerations.PublicationStatus.ACTIVE);
        sd.setPublisher("OpenNSP");
        sd.setDescription(d.description());
        sd.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        sd.setKind(StructureDefinition.StructureDefinitionKind.COMPLEXTYPE);
        sd.setAbstract(false);
        sd.addContext().setType(StructureDefinition.ExtensionContextType.ELEMENT).setExpression(d.context());
        sd.setType("Extension");
        sd.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Extension");
        sd.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
        var differential = sd.getDifferential();
        differential.addElement(element("Extension").setShort(d.title()).setDefinition(d.description())
                .setMin(0).setMax(d.max()));
        differential.addElement(element("Extension.extension").setMax("0"));
        differential.addElement(element("Extension.url").setFixed(new UriType(url)));
        ElementDefinition value = element("Extension.value[x]").setMin(1);
        var type = value.addType().setCode(d.valueType());
        if (d.targetProfile() != null) {
            type.addTargetProfile(d.targetProfile());
        }
        differential.addElement(value);
        return sd;
    }

    private static ElementDefinition element(String path) {
        ElementDefinition element = new ElementDefinition().setPath(path);
        element.setId(path);
        return element;
    }

    /** "sor-replaced-by" → "SorReplacedBy": a name a code generator can use. */
    private static String computerName(String id) {
        StringBuilder name = new StringBuilder();
        for (String part : id.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
