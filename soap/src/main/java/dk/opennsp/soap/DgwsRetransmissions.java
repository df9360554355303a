package dk.opennsp.soap;

/**
 * DGWS retransmission: a sender that did not get its answer sends the same message again with the same
 * {@code medcom:MessageID}; the service answers with the response it gave the first time instead of
 * doing the work twice. Applies to services that change state ({@link SoapService#changesState}).
 */
public interface DgwsRetransmissions {

    /** What to do with a request, by its sender, MessageID and request fingerprint. */
    sealed interface Outcome permits Fresh, Replay, InProgress, Conflict {
    }

    /** Not seen within the window: execute it, then {@link #complete} or {@link #abandon} this id. */
    record Fresh(long id) implements Outcome {
    }

    /** Seen and answered: send this response again, unchanged. */
    record Replay(byte[] response) implements Outcome {
    }

    /** Seen and still being worked on: the sender should retry shortly. */
    record InProgress() implements Outcome {
    }

    /** The MessageID was used by this sender for a different request. */
    record Conflict() implements Outcome {
    }

    Outcome begin(String sender, String messageId, String fingerprint);

    /** The request was answered successfully: keep the answer for retransmissions. */
    void complete(long id, byte[] response);

    /** The request failed: forget it, so that sending it again executes it again. */
    void abandon(long id);
}
