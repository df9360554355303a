package dk.opennsp.services.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.annotation.Filter;
import io.micronaut.views.ViewsFilter;
import io.micronaut.views.ViewsModelDecorator;
import io.micronaut.views.ViewsRendererLocator;
import io.micronaut.views.ViewsResolver;
import io.micronaut.views.turbo.TurboFrameRenderer;

/**
 * Renders the pages' templates, on the page paths only. micronaut-views' own filter matches every path,
 * so each FHIR and SOAP request went through its reactive chain (about 6% of a lookup's CPU) only to find
 * no view in the response. The paths are {@link PageSecurityHeaders}'s ({@code PageViewsFilterSpec} keeps them equal).
 */
@Replaces(ViewsFilter.class)
@Filter({"/", "/minlog", "/minlog/**", "/minspaerring", "/minspaerring/**", "/login", "/login/**", "/logout", "/dev/idp/**"})
public class PageViewsFilter extends ViewsFilter {
    public PageViewsFilter(ViewsResolver viewsResolver, ViewsRendererLocator viewsRendererLocator,
                           ViewsModelDecorator viewsModelDecorator, TurboFrameRenderer turboFrameRenderer) {
        super(viewsResolver, viewsRendererLocator, viewsModelDecorator, turboFrameRenderer);
    }
}
