package dk.opennsp.services.operations;

import dk.opennsp.minlog.GroupCommitLogWriter;
import dk.opennsp.minspaerring.BlockingIndex;
import dk.opennsp.security.dgws.IdCardValidator;
import dk.opennsp.sor.SorTree;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the platform's own parts hold, on {@code /prometheus}: the MinLog queue, the MinSpærring index
 * (size and how long since it was refreshed), the ID-card cache's hits against full validations, and the
 * SOR tree. What happens per request (commits, SOAP calls, refusals) is in {@link RequestMetrics}.
 */
@Context
public class ApplicationMetrics {
    public ApplicationMetrics(MeterRegistry registry, GroupCommitLogWriter minLog, BlockingIndex blockings,
                              IdCardValidator idCards, SorTree sor, Clock clock) {
        Gauge.builder("opennsp.minlog.queue.depth", minLog, GroupCommitLogWriter::queueDepth)
                .description("MinLog entries waiting for a writer").register(registry);
        Gauge.builder("opennsp.minspaerring.index.registrations", blockings, BlockingIndex::registrations)
                .description("Blockings and consents held in this node's MinSpærring index").register(registry);
        Gauge.builder("opennsp.minspaerring.index.citizens", blockings, BlockingIndex::citizens)
                .description("Citizens with registrations in this node's MinSpærring index").register(registry);
        Gauge.builder("opennsp.minspaerring.index.age", blockings, index -> ageSeconds(index.lastRefresh(), clock))
                .baseUnit("seconds")
                .description("Seconds since the MinSpærring index was last refreshed from the database (NaN before the first load)")
                .register(registry);
        FunctionCounter.builder("opennsp.dgws.idcard.cache.hits", idCards, IdCardValidator::cacheHits)
                .description("ID cards accepted from the validation cache").register(registry);
        FunctionCounter.builder("opennsp.dgws.idcard.validations", idCards, IdCardValidator::fullValidations)
                .description("ID cards validated in full (signature and certificate): cache misses").register(registry);
        Gauge.builder("opennsp.dgws.idcard.cache.hit.ratio", idCards, ApplicationMetrics::hitRatio)
                .description("Share of ID cards served from the cache since start (NaN before the first card)").register(registry);
        Gauge.builder("opennsp.sor.tree.size", sor, SorTree::size)
                .description("SOR entities in this node's tree").register(registry);
    }

    static double ageSeconds(Instant refreshed, Clock clock) {
        return refreshed == null ? Double.NaN : Duration.between(refreshed, clock.instant()).toMillis() / 1000.0;
    }

    static double hitRatio(IdCardValidator idCards) {
        double hits = idCards.cacheHits();
        double all = hits + idCards.fullValidations();
        return all == 0 ? Double.NaN : hits / all;
    }
}
