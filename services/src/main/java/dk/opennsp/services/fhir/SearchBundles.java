package dk.opennsp.services.fhir;

import dk.opennsp.security.access.GuardedResult;
import dk.opennsp.security.error.FhirCodec;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

import java.util.Date;
import java.util.UUID;
import java.util.function.Function;

/** Searchset bundles for guarded results, with the "data was withheld" outcome the caller must see. */
public final class SearchBundles {
    public static final String SUPPRESSED_ALL = "The citizen has blocked access to this data for you. "
            + "Ask for the citizen's consent (værdispring requires consent or an emergency).";

    private SearchBundles() {
    }

    /** One page of the result: {@code count} items from {@code offset}; {@code total} counts them all. */
    public static <T> Bundle searchset(GuardedResult<T> result, Function<T, Resource> toResource, String baseUrl,
                                       int offset, int count) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().setLastUpdated(new Date());
        bundle.setTotal(result.items().size());
        int from = Math.min(offset, result.items().size());
        for (T item : result.items().subList(from, Math.min(result.items().size(), from + count))) {
            Resource resource = toResource.apply(item);
            bundle.addEntry()
                    .setFullUrl(baseUrl + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
                    .setResource(resource)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        if (result.dataWithheld()) {
            String text = result.nothingShown()
                    ? SUPPRESSED_ALL
                    : "Some data was withheld because of the citizen's blockings (" + result.withheld() + " item(s)).";
            bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(FhirCodec.outcome(IssueSeverity.WARNING, IssueType.SUPPRESSED, text))
                    .getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
        }
        return bundle;
    }
}
