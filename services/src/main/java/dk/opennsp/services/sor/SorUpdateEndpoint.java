package dk.opennsp.services.sor;

import dk.opennsp.soap.DgwsContext;
import dk.opennsp.soap.SoapService;
import dk.opennsp.sor.SorAdmin;
import dk.opennsp.sor.SorAdministrators;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorRegistry;
import dk.opennsp.sor.SorTree;
import jakarta.inject.Singleton;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import org.w3c.dom.Element;

import javax.xml.transform.Source;
import java.util.Set;

/**
 * SOR maintenance over DGWS ({@code /soap/sorus}): the same {@link SorRegistry} operations as
 * {@code /api/sor}. The card must belong to the region (its CVR, or the region's SOR code); the
 * {@code Version} element plays the part of If-Match.
 */
@Singleton
@WebServiceProvider(serviceName = "SorUpdateService", portName = "SorUpdatePort", targetNamespace = SorXml.NAMESPACE)
@ServiceMode(jakarta.xml.ws.Service.Mode.PAYLOAD)
public class SorUpdateEndpoint implements Provider<Source>, SoapService {
    private final SorRegistry registry;
    private final SorAdministrators administrators;
    private final SorTree tree;

    public SorUpdateEndpoint(SorRegistry registry, SorAdministrators administrators, SorTree tree) {
        this.registry = registry;
        this.administrators = administrators;
        this.tree = tree;
    }

    @Override
    public String path() {
        return "sorus";
    }

    /** SOR maintenance change state: a retransmitted MessageID is answered with the first response. */
    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public String wsdlResource() {
        return "wsdl/sor/sorus.wsdl";
    }

    @Override
    public Source invoke(Source payload) {
        SorAdmin admin = administrators.resolve(DgwsContext.current().caller());
        Element request = SorXml.read(payload,
                Set.of("CreateSorUnitRequest", "UpdateSorUnitRequest", "MoveSorUnitRequest", "CloseSorUnitRequest"));
        String code = SorLookupEndpoint.sorCode(request);
        String parent = SorXml.text(request, "ParentSorIdentifier");
        String version = SorXml.text(request, "Version");
        Long expected = version == null ? null : Long.valueOf(version);
        SorOrganisation result = switch (request.getLocalName()) {
            case "CreateSorUnitRequest" -> registry.create(admin, SorXml.draft(code, parent, unit(request)));
            case "UpdateSorUnitRequest" -> registry.update(admin, code, expected, SorXml.draft(null, null, unit(request)));
            case "MoveSorUnitRequest" -> registry.move(admin, code, expected, parent);
            default -> registry.close(admin, code, expected, SorXml.text(request, "ToDate"),
                    SorXml.text(request, "ReplacedBySorIdentifier"));
        };
        return SorXml.response("SorUnitResponse",
                (doc, root) -> root.appendChild(SorXml.entity(doc, "SorEntity", result, tree, registry.today())));
    }

    private static Element unit(Element request) {
        return dk.opennsp.soap.SoapPayloads.child(request, "Unit");
    }
}
