package dk.opennsp.security.access;

import java.util.function.Predicate;

/** The outcome of evaluating a citizen's blockings for one caller. */
public sealed interface ConsentDecision {

    ConsentDecision ALLOW = new Allow();
    ConsentDecision SUPPRESS = new Suppress();

    /** No blocking applies. */
    record Allow() implements ConsentDecision {
    }

    /** A general blocking applies to this caller: nothing may be returned. */
    record Suppress() implements ConsentDecision {
    }

    /** Data-specific blockings: only items the predicate accepts may be returned. */
    record Filter(Predicate<DataOrigin> visible) implements ConsentDecision {
    }
}
