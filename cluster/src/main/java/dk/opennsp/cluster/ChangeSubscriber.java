package dk.opennsp.cluster;

/** In-memory state that other nodes' writes change. Both methods run on the channel's listener thread. */
public interface ChangeSubscriber {

    /** A change was committed (by any node, this one included): bring the state up to date for it. */
    void changed(String key);

    /** Notifications may have been missed (first connect, reconnect): reread everything that may have changed. */
    void resync();
}
