package dk.opennsp.web

import dk.opennsp.services.web.PageSecurityHeaders
import dk.opennsp.services.web.PageViewsFilter
import io.micronaut.http.annotation.Filter
import io.micronaut.http.annotation.ServerFilter
import spock.lang.Specification

/** Templates are rendered on exactly the paths that get the pages' browser protections. */
class PageViewsFilterSpec extends Specification {
    def "the view filter and the page security headers name the same paths"() {
        expect:
        (PageViewsFilter.getAnnotation(Filter).value() as List) == (PageSecurityHeaders.getAnnotation(ServerFilter).value() as List)
    }
}
