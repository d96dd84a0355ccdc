package io.grantgate.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Opens the trail's current file for writing. The seam at the I/O boundary: tests hand the trail an
 * opener whose channel fails like a full disk (a real ENOSPC needs a mount, a file-size limit cannot be
 * set from inside the JVM). Production uses {@link #FILES}.
 */
@FunctionalInterface
interface ChannelOpener {

    /**
     * @param create true: create the file, which must not exist, mode 0600; false: open the existing file
     */
    FileChannel open(Path file, boolean create) throws IOException;

    ChannelOpener FILES = (file, create) -> {
        if (!create) {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        }
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return posix() ? FileChannel.open(file, options, ownerOnly()) : FileChannel.open(file, options);
    };

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }
}
