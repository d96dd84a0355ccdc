package io.grantgate.account;

import io.grantgate.catalog.UserName;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Derives the name of the backend account that mirrors a gateway account:
 * {@code gg_<name part>_<account id>}, e.g. {@code xuys} with id 7 becomes {@code gg_xuys_7}.
 *
 * <p>The name part keeps only the ASCII letters and digits of the gateway user name, letters in
 * lower case, at most {@value #MAX_NAME_PART} of them: {@code Ünïcode-User!} with id 12 becomes
 * {@code gg_ncodeuser_12}, and a name with no ASCII letter or digit leaves it empty
 * ({@code 日本語}, 5 becomes {@code gg__5}). It only helps a DBA recognise the account; the id
 * makes the name unique, because the id follows the last underscore and the name part has none.
 * When a long id would take the name past MySQL's 32-character limit, the name part is cut
 * shorter. ASCII-only lower-casing keeps the name stable: it does not change with the JDK's
 * Unicode tables or the default locale, and a changed name would orphan the backend account.
 */
public final class BackendUserName {

    /** {@code gg_}: marks accounts GrantGate created, so orphans can be found. */
    public static final String PREFIX = "gg_";

    /** Longest name part, when the id leaves room for it. */
    public static final int MAX_NAME_PART = 16;

    private static final Pattern DERIVED = Pattern.compile("gg_[a-z0-9]*_[0-9]+");

    private BackendUserName() {}

    /**
     * The backend user name for gateway account {@code accountId} named {@code user}.
     *
     * @param accountId the catalog's {@code account.id}, at least 1
     */
    public static String derive(UserName user, long accountId) {
        Objects.requireNonNull(user, "user");
        if (accountId < 1) {
            throw new IllegalArgumentException("account id must be positive, not " + accountId);
        }
        String suffix = "_" + accountId;
        int room = Math.min(MAX_NAME_PART, UserName.MAX_LENGTH - PREFIX.length() - suffix.length());
        StringBuilder name = new StringBuilder(PREFIX);
        int kept = 0;
        for (int i = 0; i < user.value().length() && kept < room; i++) {
            char c = user.value().charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                name.append(c);
                kept++;
            } else if (c >= 'A' && c <= 'Z') {
                name.append((char) (c - 'A' + 'a'));
                kept++;
            }
        }
        return name.append(suffix).toString();
    }

    /**
     * Whether {@code backendUser} has the form {@link #derive} produces, {@code gg_[a-z0-9]*_[0-9]+}
     * in at most 32 characters: how orphaned backend accounts are recognised.
     */
    public static boolean isDerived(String backendUser) {
        return backendUser != null
                && backendUser.length() <= UserName.MAX_LENGTH
                && DERIVED.matcher(backendUser).matches();
    }
}
