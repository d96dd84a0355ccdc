package io.grantgate.catalog;

import java.util.Objects;

/** What an IPv4 wildcard host pattern may look like, and how it matches address text. */
final class Ipv4WildcardSyntax {

    private Ipv4WildcardSyntax() {}

    /**
     * Digits, dots, {@code %} and {@code _} only, with at least one wildcard; at most four parts
     * between dots, none empty; exactly four without a {@code %}; a part without wildcards a
     * number from 0 to 255 with no leading zero (MySQL compares text, so {@code 010} never matches).
     */
    static void check(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty()
                || !pattern.chars().allMatch(c -> c == '.' || c == '%' || c == '_' || (c >= '0' && c <= '9'))) {
            throw invalid(pattern, "may hold only digits, dots and the wildcards % and _");
        }
        if (pattern.indexOf('%') < 0 && pattern.indexOf('_') < 0) {
            throw invalid(pattern, "has no wildcard");
        }
        String[] parts = pattern.split("\\.", -1);
        if (parts.length > 4 || (pattern.indexOf('%') < 0 && parts.length != 4)) {
            throw invalid(pattern, "does not have the four parts of an IPv4 address");
        }
        for (String part : parts) {
            checkPart(pattern, part);
        }
    }

    /** SQL LIKE without escapes: {@code %} any run, {@code _} one character. */
    static boolean like(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '_' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '%') {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                // let the last % swallow one more character and retry from there
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '%') {
            p++;
        }
        return p == pattern.length();
    }

    private static void checkPart(String pattern, String part) {
        if (part.isEmpty()) {
            throw invalid(pattern, "has an empty part between dots");
        }
        boolean wild = part.indexOf('%') >= 0 || part.indexOf('_') >= 0;
        if (wild) {
            return;
        }
        if (part.length() > 1 && part.charAt(0) == '0') {
            throw invalid(pattern, "has the part '" + part + "' with a leading zero, which never matches");
        }
        if (part.length() > 3 || Integer.parseInt(part) > 255) {
            throw invalid(pattern, "has the part '" + part + "', greater than 255");
        }
    }

    private static IllegalArgumentException invalid(String pattern, String what) {
        return new IllegalArgumentException("host pattern " + DisplayText.quoted(pattern) + " " + what);
    }
}
