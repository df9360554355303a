package dk.opennsp.services.dev;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A dev-mode key kept in a file, created by whichever process gets there first: nodes started together
 * on one data directory take an OS file lock beside it, so they end up with the same key instead of
 * one overwriting the other's (and tokens of one node being refused by the other).
 */
public final class DevKeyFile {
    public interface Codec<T> {
        T read(byte[] stored) throws Exception;

        byte[] write(T created) throws Exception;
    }

    public interface Generator<T> {
        T generate() throws Exception;
    }

    /** An RSA key with its private part, as JWK JSON. */
    public static final Codec<com.nimbusds.jose.jwk.RSAKey> RSA_JWK = new Codec<>() {
        @Override
        public com.nimbusds.jose.jwk.RSAKey read(byte[] stored) throws java.text.ParseException {
            return com.nimbusds.jose.jwk.RSAKey.parse(new String(stored, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public byte[] write(com.nimbusds.jose.jwk.RSAKey created) {
            return created.toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    };

    private DevKeyFile() {
    }

    public static <T> T loadOrCreate(Path file, Codec<T> codec, Generator<T> generator) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.exists(absolute)) {
                    return codec.read(Files.readAllBytes(absolute));
                }
                T created = generator.generate();
                Path temporary = absolute.resolveSibling(absolute.getFileName() + ".new");
                Files.write(temporary, codec.write(created));
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // not a POSIX file system
                }
                Files.move(temporary, absolute, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return created;
            }
        } catch (Exception e) {
            throw new IllegalStateException("dev key file " + file + " cannot be read or created", e);
        }
    }
}
