package dk.opennsp.web

import dk.opennsp.services.dev.DevData
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import org.openqa.selenium.By
import org.openqa.selenium.WebDriver
import org.openqa.selenium.WebElement
import org.openqa.selenium.chrome.ChromeDriver
import org.openqa.selenium.chrome.ChromeDriverService
import org.openqa.selenium.chrome.ChromeOptions
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Stepwise

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files

import static dk.opennsp.support.TestKeys.citizen
import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.token

/**
 * The citizen pages end to end in headless Chromium: login through the dev OpenID provider, MinLog,
 * MinSpærring, custody, CSRF and logout. CI installs Debian's chromium and chromium-driver and checks that
 * this spec ran; without them (a developer machine) it is skipped.
 */
@Stepwise
@Requires({ new File('/usr/bin/chromedriver').canExecute() && new File('/usr/bin/chromium').canExecute() })
class CitizenPagesSpec extends AppSpec {
    @Shared WebDriver browser
    /** A professional of this run only, so their lookups and blockings are told apart from everyone else's. */
    @Shared String code = 'W' + Long.toString(System.nanoTime() % 1_000_000L, 36).toUpperCase().padLeft(4, '0').take(4)
    @Shared Map<String, Object> doctor = professional(authorization_code: code, given_name: 'Webtest', family_name: "Lægesen${code}".toString())

    def setupSpec() {
        ChromeOptions options = new ChromeOptions()
        options.setBinary('/usr/bin/chromium')
        options.addArguments('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
                '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
                '--window-size=1200,1000', "--user-data-dir=${Files.createTempDirectory('opennsp-chromium')}".toString())
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File('/usr/bin/chromedriver')).build()
        browser = new ChromeDriver(service, options)
    }

    def cleanupSpec() {
        browser?.quit()
    }

    void go(String path) {
        browser.get(TestApp.url() + path)
    }

    String page() {
        browser.pageSource
    }

    WebElement byId(String id) {
        browser.findElement(By.id(id))
    }

    void logInAs(String identity) {
        navigate(byId("as-${identity}"))
    }

    /** Clicks something that loads a new page and waits until the old one is gone. */
    void navigate(WebElement element) {
        WebElement old = browser.findElement(By.tagName('html'))
        element.click()
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10)).until { gone(old) }
    }

    /**
     * Whether the element's page has been replaced. Chromium reports a replaced node either as stale or,
     * when the check races the navigation, as an inspector error that the node left the document.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled()
            false
        } catch (org.openqa.selenium.StaleElementReferenceException ignored) {
            true
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.message?.contains('does not belong to the document')) {
                return true
            }
            throw e
        }
    }

    /** The MedicationStatements the test professional gets for the citizen. */
    List<Map> lookup(String cpr) {
        Http.Response r = readCard(cpr, doctor)
        assert r.status == 200
        r.matches
    }

    def "a logged-out browser is sent to login and comes back to the page it asked for"() {
        when:
        go('/minlog')

        then: 'the dev provider lists the demo citizens by name and identity'
        browser.currentUrl.startsWith(TestApp.url() + '/dev/idp/authorize?')
        page().contains('Nancy Berggren (citizen-nancy)')

        when:
        logInAs('citizen-nancy')

        then:
        browser.currentUrl == TestApp.url() + '/minlog'
        page().contains('MinLog – hvem har set dine data')
        page().contains('Logget ind som')
    }

    def "the session cookie is HttpOnly and SameSite; pages carry a Content-Security-Policy"() {
        when:
        def cookie = browser.manage().getCookieNamed('opennsp_session')
        Http.Response front = Http.get('/')

        then:
        cookie.httpOnly
        cookie.sameSite == 'Lax'
        front.header('Content-Security-Policy').contains("default-src 'none'")
        front.header('Content-Security-Policy').contains("frame-ancestors 'none'")
    }

    def "a professional's lookup shows in MinLog with name, role and organisation, and reading it logs nothing new"() {
        given:
        assert !lookup(DevData.NANCY).isEmpty()
        long logged = citizenLog(DevData.NANCY).json.total

        when:
        go('/minlog')

        then:
        WebElement table = byId('log')
        table.text.contains("Webtest Lægesen${code}")
        screenshot('minlog')

        when: 'she narrows the log to the professional\'s organisation by clicking it'
        navigate(table.findElement(By.linkText('Test Department')))

        then:
        browser.currentUrl.contains('organisation=100111000016009')
        byId('log').text.contains("Webtest Lægesen${code}")

        and: 'browsing the log adds no entries to anyone\'s log'
        go('/minlog?side=1')
        citizenLog(DevData.NANCY).json.total == logged
    }

    def "nothing typed is lost on a validation error, and the message says what is wrong"() {
        when:
        go('/minspaerring')
        byId('kind-PROFESSIONAL').click()
        byId('target').sendKeys('not an authorisation id')
        navigate(byId('save'))

        then: 'in Danish, with what to type'
        byId('problem').text.contains('autorisations-ID')
        byId('target').getAttribute('value') == 'not an authorisation id'
        byId('kind-PROFESSIONAL').selected
    }

    def "a blocking made on the page stops the professional's next lookup; ending it there gives access back"() {
        when: 'Nancy blocks the professional'
        go('/minspaerring')
        byId('kind-PROFESSIONAL').click()
        byId('target').clear()
        byId('target').sendKeys(code)
        navigate(byId('save'))

        then:
        byId('confirmation').text.contains('oprettet')
        byId('registrations').text.contains(code)
        lookup(DevData.NANCY).isEmpty()
        screenshot('minspaerring')

        when: 'she ends it'
        navigate(browser.findElement(By.xpath("//table[@id='registrations']//tr[td[contains(., '${code}')]]//button[@class='end']")))

        then:
        byId('confirmation').text.contains('ophørt')
        !lookup(DevData.NANCY).isEmpty()
    }

    def "a forged form post without this session's CSRF token is refused and changes nothing"() {
        given:
        String session = browser.manage().getCookieNamed('opennsp_session').value
        int before = Http.get('/api/citizen/blockings', token(citizen(DevData.NANCY))).json.size()

        when:
        HttpResponse<String> missing = postForm('/minspaerring', session, 'kind=ALL')
        HttpResponse<String> wrong = postForm('/minspaerring', session, 'kind=ALL&_csrf=guessed')
        HttpResponse<String> foreign = postForm('/minspaerring', session, 'kind=ALL&_csrf=guessed', 'https://evil.example')

        then:
        [missing, wrong, foreign]*.statusCode() == [403, 403, 403]
        Http.get('/api/citizen/blockings', token(citizen(DevData.NANCY))).json.size() == before
    }

    def "no page shows another citizen's data"() {
        when:
        go("/minlog?cpr=${DevData.JENS}")

        then:
        page().contains('Du kan kun se dine egne sider')
        browser.findElements(By.id('log')).isEmpty()

        when:
        go("/minspaerring?cpr=${DevData.JENS}")

        then:
        browser.findElements(By.id('registrations')).isEmpty()
        page().contains('Du kan kun se dine egne sider')
    }

    def "an organisation is found by name in SOR and blocked from the search result, sub-units included"() {
        given:
        String unit = null

        when:
        go('/minspaerring')
        byId('soeg-enhed').sendKeys('Rigshospitalet')
        navigate(browser.findElement(By.cssSelector('form.search button')))
        WebElement first = browser.findElement(By.cssSelector('ul.units li'))
        unit = first.findElement(By.tagName('code')).text
        navigate(first.findElement(By.linkText('spær organisationen')))

        then: 'the form is filled in with the unit'
        byId('kind-ORGANISATION').selected
        byId('target').getAttribute('value') == unit

        when:
        byId('includeSubUnits').click()
        navigate(byId('save'))

        then:
        byId('confirmation').text.contains('oprettet')
        byId('registrations').text.contains(unit)
        byId('registrations').text.contains('med underenheder')

        cleanup: 'ended again, so Nancy\'s card stays readable for other specs'
        navigate(browser.findElement(By.xpath("//table[@id='registrations']//tr[td[contains(., '${unit}')]]//button[@class='end']")))
    }

    def "logout ends the session: the old cookie opens nothing and the pages ask for login again"() {
        given:
        String old = browser.manage().getCookieNamed('opennsp_session').value

        when:
        navigate(byId('logout'))

        then:
        page().contains('Du er logget ud')
        getWithCookie('/minlog', old).statusCode() == 303

        when:
        go('/minspaerring')

        then:
        browser.currentUrl.startsWith(TestApp.url() + '/dev/idp/authorize?')
    }

    def "a custody holder switches to the child and sees the child's log"() {
        given: 'the professional looks up Emma'
        assert !lookup(DevData.EMMA).isEmpty()

        when: 'Peter, who has custody of Emma, logs in and picks her'
        logInAs('citizen-peter')
        go('/minlog')
        new org.openqa.selenium.support.ui.Select(byId('cpr')).selectByValue(DevData.EMMA)
        navigate(browser.findElement(By.cssSelector('form.people button')))

        then:
        browser.currentUrl.contains("cpr=${DevData.EMMA}")
        byId('log').text.contains("Webtest Lægesen${code}")

        when: 'but not someone he does not act for'
        go("/minlog?cpr=${DevData.NANCY}")

        then:
        browser.findElements(By.id('log')).isEmpty()
    }

    /** With -Dopennsp.screenshots=DIR, saves what the browser shows (the README's pictures come from here). */
    void screenshot(String name) {
        String dir = System.getProperty('opennsp.screenshots')
        if (dir) {
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES)
            Files.write(java.nio.file.Path.of(dir, "${name}.png".toString()), png)
        }
    }

    static HttpResponse<String> postForm(String path, String session, String body, String origin = null) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestApp.url() + path))
                .header('Content-Type', 'application/x-www-form-urlencoded')
                .header('Cookie', "opennsp_session=${session}")
                .POST(HttpRequest.BodyPublishers.ofString(body))
        if (origin) {
            b.header('Origin', origin)
        }
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString())
    }

    static HttpResponse<String> getWithCookie(String path, String session) {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestApp.url() + path))
                .header('Cookie', "opennsp_session=${session}").GET().build(), HttpResponse.BodyHandlers.ofString())
    }
}
