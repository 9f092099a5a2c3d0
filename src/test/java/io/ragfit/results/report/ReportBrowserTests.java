package io.ragfit.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.SignedInRestAssured;
import io.ragfit.testing.JudgedRuns;
import io.ragfit.testing.OpenAiDouble;

/**
 * The dashboard and a report in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver ({@code ./ragfit test} installs both). Screenshots go to {@code target/screenshots/}.
 */
@QuarkusTest
class ReportBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final OpenAiDouble MODELS = OpenAiDouble.start(8);
    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver): ./ragfit test installs"
                        + " them; by hand: apt-get install chromium chromium-driver")
                .isTrue();
        JudgedRuns.script(MODELS);
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the network here is closed: Chromium's own background connections would only fail
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1280,2400",
                "--user-data-dir=" + Files.createTempDirectory("ragfit-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        MODELS.close();
    }

    /** Keycloak's login page, where the dashboard sends a browser without a session (authorization code flow). */
    private static void signIn(String user) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> !driver.findElements(By.id("kc-login")).isEmpty());
        assertThat(browser.getCurrentUrl()).startsWith(SignedInRestAssured.realmUrl());
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("kc-login")).click();
    }

    @Test
    void shouldShowRunsWithTheirProgressAndARenderedReport() {
        String runId = JudgedRuns.completed(MODELS, "browser", 6);

        browser.get(root + "dashboard");
        signIn("viewer");
        WebElement row = new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(driver -> driver.findElements(By.cssSelector("#runs tr[data-run='" + runId + "']")).stream()
                        .findFirst().orElse(null));
        assertThat(row.getText()).contains("browser-base, browser-tuned", "6 / 6 ended");
        assertThat(row.findElement(By.cssSelector(".bar span")).getAttribute("style")).contains("width: 100%");
        screenshot("dashboard.png");

        row.findElement(By.linkText("report")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.getTitle().startsWith("ragfit report"));
        List<WebElement> comparisons = browser.findElements(By.cssSelector("#comparisons tr"));
        assertThat(comparisons).as("the header and one row per metric compared").hasSizeGreaterThan(2);
        assertThat(browser.findElement(By.cssSelector("#comparisons")).getText()).contains("browser-tuned", "browser-base");
        List<WebElement> charts = browser.findElements(By.cssSelector("figure.chart svg"));
        assertThat(charts).as("bar charts for G-Eval and reference metrics, and a scatter plot").hasSizeGreaterThanOrEqualTo(3);
        for (WebElement chart : charts) {
            Object width = ((JavascriptExecutor) browser).executeScript("return arguments[0].getBoundingClientRect().width;", chart);
            assertThat(((Number) width).doubleValue()).as("a chart laid out by the browser").isGreaterThan(300);
            assertThat(chart.findElements(By.cssSelector("rect, path"))).as("drawn shapes").isNotEmpty();
        }
        screenshot("report.png");
    }

    @Test
    void shouldShowALiveComparisonWithItsDecisionAndChartsOfItsSequenceAndOfEachVariantsRollingQuality() {
        String runId = JudgedRuns.shadowCompleted(MODELS, "shadowed", 20);

        browser.get(root + "dashboard");
        if (!browser.findElements(By.id("kc-login")).isEmpty()) {
            signIn("viewer");
        }
        WebElement live = new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(driver -> driver.findElements(By.cssSelector("#live section[data-run='" + runId + "']")).stream()
                        .findFirst().orElse(null));
        assertThat(live.getText()).contains("shadowed-tuned against shadowed-base", "20 questions");
        WebElement accuracy = live.findElement(By.cssSelector("tr[data-candidate='shadowed-tuned'][data-metric='accuracy']"));
        // the judge gives the tuned variant 4.5 and the base 2 on every question: better, by 2.5 (a bet of at most
        // half the capital wins x1.31 a pair: 14 pairs reach 2 / 0.05)
        assertThat(accuracy.findElement(By.cssSelector(".decision")).getText()).isEqualTo("better");
        assertThat(accuracy.getText()).contains("2.500", "20", "after 14 pairs");
        List<WebElement> charts = live.findElements(By.cssSelector("figure.live-chart svg"));
        assertThat(charts).as("a chart per comparison and one per metric of rolling quality").hasSizeGreaterThanOrEqualTo(4);
        for (WebElement chart : charts) {
            Object width = ((JavascriptExecutor) browser).executeScript("return arguments[0].getBoundingClientRect().width;", chart);
            assertThat(((Number) width).doubleValue()).as("a chart laid out by the browser").isGreaterThan(300);
            assertThat(chart.findElements(By.cssSelector("path"))).as("drawn lines").isNotEmpty();
        }
        assertThat(live.getText()).contains("(alert)");
        screenshot("live.png");
    }

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
