package io.grantgate.admin;

import io.grantgate.account.MasterKey;
import io.grantgate.audit.AuditKey;
import io.grantgate.audit.AuditVerification;
import io.grantgate.audit.AuditVerifier;
import io.grantgate.audit.ChainHead;
import io.grantgate.config.AdminProperties;
import io.grantgate.config.CatalogOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code admin audit verify FILE|DIR…}: checks the audit trail's chain with the key derived from the
 * master key. Exit 0 when intact, 1 at the first problem (printed with its file, line and seq).
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        header = "Verify the audit trail: nothing altered, deleted, reordered or cut short.",
        description = {
            "Checks every record's MAC against the one before it, that sequence numbers",
            "run without a gap, that each rotated file links to the one before, and, with",
            "--checkpoint-seq, that the trail reaches the last checkpoint the gateway stored;",
            "--instance reads that checkpoint from the catalog (audit_checkpoint) itself.",
            "Give the trail's files in any order, or its directory. Needs the master key",
            "(GRANTGATE_MASTER_KEY, GRANTGATE_MASTER_KEY_FILE, or master-key.file in the",
            "admin properties).",
            ""
        })
public final class AuditVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "Audit files, or directories of them.")
    private List<Path> paths;

    @Option(
            names = "--checkpoint-seq",
            paramLabel = "N",
            description = "The seq of the last checkpoint: the trail must reach it.")
    private Long checkpointSeq;

    @Option(
            names = "--checkpoint-mac",
            paramLabel = "HEX",
            description = "The checkpoint's MAC: the record at --checkpoint-seq must have it.")
    private String checkpointMac;

    @Option(
            names = "--instance",
            paramLabel = "ID",
            description =
                    "The gateway instance that wrote the trail: its last checkpoint in the catalog must be reached"
                            + " (needs the catalog login, as 'admin audit').")
    private String instance;

    @Option(
            names = "--admin-properties",
            paramLabel = "FILE",
            description = "Where master-key.file may be set (default: ./grantgate-data/admin.properties).")
    private Path adminProperties;

    /** Null: the environment picocli's factory was given, else the process's. */
    private final Map<String, String> environment;

    public AuditVerifyCommand() {
        this(null);
    }

    /** With the environment the master key is looked up in: for tests. */
    AuditVerifyCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** What {@code --output json} prints; {@code problem} is null when the trail is intact. */
    record Result(boolean ok, List<String> files, long records, long lastSeq, Problem problem) {}

    record Problem(String file, long line, long seq, String what) {}

    @Override
    public Integer call() throws IOException {
        Optional<ChainHead> checkpoint = checkpoint();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + path);
            }
        }
        AuditKey key = AuditKey.derive(masterKey());
        AuditVerification verification = AuditVerifier.verify(paths, key, checkpoint);
        Problem problem = verification
                .problem()
                .map(p -> new Problem(p.file().toString(), p.line(), p.seq(), p.what()))
                .orElse(null);
        Result result = new Result(
                verification.ok(),
                verification.files().stream().map(Path::toString).toList(),
                verification.records(),
                verification.lastSeq(),
                problem);
        output.print(spec.commandLine().getOut(), result, verification.summary());
        return verification.ok() ? 0 : 1;
    }

    private Optional<ChainHead> checkpoint() throws IOException {
        if (instance != null) {
            if (checkpointSeq != null || checkpointMac != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--instance reads the checkpoint: give it or --checkpoint-seq, not both");
            }
            return Optional.of(catalogCheckpoint());
        }
        if (checkpointSeq == null) {
            if (checkpointMac != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--checkpoint-mac needs --checkpoint-seq");
            }
            return Optional.empty();
        }
        if (checkpointSeq < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--checkpoint-seq must be at least 1, not " + checkpointSeq);
        }
        String mac = checkpointMac == null ? "" : checkpointMac.strip().toLowerCase(java.util.Locale.ROOT);
        if (!mac.isEmpty() && (mac.length() != 2 * AuditKey.MAC_BYTES || !isHex(mac))) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--checkpoint-mac must be " + 2 * AuditKey.MAC_BYTES + " hex digits");
        }
        return Optional.of(new ChainHead("", checkpointSeq, mac));
    }

    /** The instance's last checkpoint, as its gateway wrote it to the catalog. */
    private ChainHead catalogCheckpoint() throws IOException {
        CatalogOptions options = new CatalogOptions(environment());
        if (adminProperties != null) {
            CommandLine.populateCommand(options, "--admin-properties", adminProperties.toString());
        }
        try (AdminSession session = AdminSession.open(options);
                Connection c = session.catalog().getConnection();
                PreparedStatement read =
                        c.prepareStatement("SELECT file_name, seq, mac FROM audit_checkpoint WHERE instance_id = ?")) {
            read.setString(1, instance);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalArgumentException("no audit checkpoint of instance '" + instance
                            + "' in the catalog (instance ids are in every record's \"instance\" field)");
                }
                return new ChainHead(row.getString(1), row.getLong(2), row.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit checkpoint from the catalog: " + e.getMessage(), e);
        }
    }

    private static boolean isHex(String text) {
        return text.chars().allMatch(HexFormat::isHexDigit);
    }

    /** As every admin command finds it: the environment, else the key file the admin properties name. */
    private MasterKey masterKey() throws IOException {
        Path properties = adminProperties != null ? adminProperties : CatalogOptions.DEFAULT_PROPERTIES;
        Path directory = properties.toAbsolutePath().getParent();
        Path keyFile = directory.resolve("master.key");
        if (Files.isReadable(properties)) {
            keyFile = AdminProperties.read(properties)
                    .option(AdminProperties.KEY_MASTER_KEY_FILE)
                    .map(directory::resolve)
                    .orElse(keyFile);
        } else if (adminProperties != null) {
            throw new IllegalStateException("cannot read " + adminProperties);
        }
        return MasterKey.resolve(environment(), keyFile);
    }

    /** {@link AdminCommand} hands its factory the environment; picocli's default factory knows none. */
    private Map<String, String> environment() {
        if (environment != null) {
            return environment;
        }
        try {
            return spec.commandLine().getFactory().create(CatalogOptions.class).environment();
        } catch (Exception e) {
            return System.getenv();
        }
    }
}
