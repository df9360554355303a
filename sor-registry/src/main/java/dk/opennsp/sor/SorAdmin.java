package dk.opennsp.sor;

/** An administrator allowed to change the SOR entities of one region, and how changes name them. */
public record SorAdmin(String regionCode, String who) {
}
