package io.grantgate.account;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Objects;

/** Reads and writes the master key file: base64 on one line, private to its owner. */
final class MasterKeyFile {

    /** A key file is a line of base64; anything much larger is the wrong file. */
    private static final long MAX_SIZE = 4096;

    private MasterKeyFile() {}

    static MasterKey read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        checkPrivate(file);
        if (!Files.isRegularFile(file)) {
            throw new IOException("master key file " + file + " is not a regular file");
        }
        if (Files.size(file) > MAX_SIZE) {
            throw new IOException("master key file " + file + " is larger than " + MAX_SIZE
                    + " bytes: it should hold one line of base64");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        try {
            return MasterKey.fromBase64(singleLine(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master key file " + file + ": " + e.getMessage(), e);
        }
    }

    static MasterKey generate(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw refusedOverwrite(file);
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        boolean posix =
                Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView(PosixFileAttributeView.class);
        Files.createDirectories(dir, posix ? attributes("rwx------") : new FileAttribute<?>[0]);

        byte[] bytes = new byte[MasterKey.MIN_BYTES];
        new SecureRandom().nextBytes(bytes);
        MasterKey key = MasterKey.ofBytes(bytes);

        // write a private temporary file, then link it to the final name: link(2) fails if the name
        // exists, so the key file appears complete or not at all and never replaces another key
        Path temporary = Files.createTempFile(
                dir,
                "." + target.getFileName() + ".",
                ".tmp",
                posix ? attributes("rw-------") : new FileAttribute<?>[0]);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((key.toBase64() + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            throw refusedOverwrite(file);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return key;
    }

    /** The text without its line end; one line only, so that a stray second key is not ignored. */
    private static String singleLine(String text) {
        String line = text.endsWith("\r\n")
                ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("expected one line of base64, found more");
        }
        return line;
    }

    private static void checkPrivate(Path file) throws IOException {
        PrivateFile.check(file, "master key file");
    }

    private static Path existingAncestor(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? dir.getRoot() : existing;
    }

    private static FileAttribute<?>[] attributes(String permissions) {
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        };
    }

    private static FileAlreadyExistsException refusedOverwrite(Path file) {
        return new FileAlreadyExistsException(
                file.toString(),
                null,
                "refusing to overwrite an existing master key: replacing it locks every backend account out");
    }
}
