package dk.opennsp.services.sor;

import dk.opennsp.security.error.ApiException;
import dk.opennsp.soap.DgwsContext;
import dk.opennsp.soap.SoapService;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorRegistry;
import dk.opennsp.sor.SorRules;
import dk.opennsp.sor.SorTree;
import jakarta.inject.Singleton;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import org.w3c.dom.Element;

import javax.xml.transform.Source;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * SOR lookups over DGWS ({@code /soap/sorls}): GetSorEntity (optionally as of a date), SorShakMap
 * and ShakSorMap. SOR holds no citizen data, so a system card (level 3) is enough and nothing is logged
 * to MinLog.
 */
@Singleton
@WebServiceProvider(serviceName = "SorLookupService", portName = "SorLookupPort", targetNamespace = SorXml.NAMESPACE)
@ServiceMode(jakarta.xml.ws.Service.Mode.PAYLOAD)
public class SorLookupEndpoint implements Provider<Source>, SoapService {
    private final SorTree tree;
    private final SorRegistry registry;

    public SorLookupEndpoint(SorTree tree, SorRegistry registry) {
        this.tree = tree;
        this.registry = registry;
    }

    @Override
    public String path() {
        return "sorls";
    }

    @Override
    public String wsdlResource() {
        return "wsdl/sor/sorls.wsdl";
    }

    @Override
    public Source invoke(Source payload) {
        DgwsContext.current();
        Element request = SorXml.read(payload, Set.of("GetSorEntityRequest", "SorShakMapRequest", "ShakSorMapRequest"));
        return switch (request.getLocalName()) {
            case "GetSorEntityRequest" -> getSorEntity(request);
            case "SorShakMapRequest" -> {
                String code = sorCode(request);
                SorOrganisation o = tree.find(code).orElseThrow(() -> ApiException.notFound("No SOR entity " + code));
                yield SorXml.response("SorShakMapResponse", (doc, root) -> {
                    SorXml.add(root, "SorIdentifier", code);
                    SorXml.add(root, "ShakIdentifier", o.shakCode());
                });
            }
            default -> {
                String shak = SorXml.text(request, "ShakIdentifier");
                Optional<SorOrganisation> o = tree.findByShak(shak);
                yield SorXml.response("ShakSorMapResponse", (doc, root) -> {
                    SorXml.add(root, "ShakIdentifier", shak);
                    SorXml.add(root, "SorIdentifier", o.map(SorOrganisation::sorCode).orElse(null));
                });
            }
        };
    }

    private Source getSorEntity(Element request) {
        String code = sorCode(request);
        LocalDate asOf = SorRules.date("AsOfDate", SorXml.text(request, "AsOfDate"));
        SorOrganisation o = asOf == null
                ? tree.find(code).orElseThrow(() -> ApiException.notFound("No SOR entity " + code))
                : registry.asOf(code, asOf).orElseThrow(() -> ApiException.notFound("No SOR entity " + code + " open on " + asOf));
        LocalDate activeOn = asOf == null ? registry.today() : asOf;
        return SorXml.response("GetSorEntityResponse",
                (doc, root) -> root.appendChild(SorXml.entity(doc, "SorEntity", o, tree, activeOn)));
    }

    static String sorCode(Element request) {
        return SorRules.sorCode("SorIdentifier", SorXml.text(request, "SorIdentifier"));
    }
}
