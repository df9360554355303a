package dk.opennsp.services.web;

import dk.opennsp.security.Identifiers;
import io.micronaut.core.annotation.Nullable;

/**
 * Friendly Danish messages for what a citizen most often gets wrong in the blocking form, said before the
 * request is sent. Only wording: the blocking API checks everything again and has the last word.
 */
public final class BlockingForm {
    private BlockingForm() {
    }

    @Nullable
    public static String problem(@Nullable String kind, @Nullable String target, @Nullable String dataFrom, @Nullable String dataTo) {
        if (kind == null || kind.isBlank()) {
            return "Vælg hvad du vil registrere.";
        }
        return switch (kind) {
            case "PROFESSIONAL", "POSITIVE_CONSENT" -> target != null && (Identifiers.isAuthorizationCode(target) || Identifiers.isCpr(target)) ? null
                    : "Skriv sundhedspersonens autorisations-ID (5 bogstaver eller tal) eller CPR-nummer (10 cifre).";
            case "ORGANISATION", "DATA_FROM_ORGANISATION" -> target != null && Identifiers.isSorCode(target) ? null
                    : "Skriv organisationens SOR-kode – du kan finde den med søgningen ovenfor.";
            case "DATA_PERIOD" -> dataFrom != null && dataTo != null ? null
                    : "Vælg både fra- og til-dato for de data, der skal spærres.";
            default -> null;
        };
    }
}
