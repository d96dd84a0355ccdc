package io.grantgate.admin;

import io.grantgate.provision.ChangeResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a change is reported: what happened and what to do next, or the plan for a dry run. */
final class ChangeOutput {

    private ChangeOutput() {}

    static void print(PrintWriter out, OutputOptions output, ChangeResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("action", result.plan().action());
        json.put(
                "user",
                result.plan().user() == null ? null : result.plan().user().value());
        json.put("applied", result.applied());
        json.put("dryRun", result.dryRun());
        json.put("catalogVersion", result.catalogVersion());
        json.put("summary", result.plan().summary());
        if (result.dryRun()) {
            json.put("plan", result.plan().display());
        }
        if (result.applied()) {
            result.plan().generatedPassword().ifPresent(p -> json.put("generatedPassword", p.reveal()));
        }
        output.print(out, json, text(result));
    }

    private static String text(ChangeResult result) {
        List<String> summary = result.plan().summary();
        StringBuilder text = new StringBuilder();
        if (result.dryRun() && !result.plan().isEmpty()) {
            text.append("dry run: nothing was changed. The change would be:\n");
            summary.forEach(s -> text.append("  ").append(s).append('\n'));
            text.append("with this plan:\n");
            result.plan().display().forEach(s -> text.append("  ").append(s).append('\n'));
            return text.toString().stripTrailing();
        }
        summary.forEach(s -> text.append(s).append('\n'));
        if (result.applied()) {
            result.plan()
                    .generatedPassword()
                    .ifPresent(p -> text.append("generated password (shown once): ")
                            .append(p.reveal())
                            .append('\n'));
            text.append("catalog version ")
                    .append(result.catalogVersion())
                    .append(": running gateways pick the change up at their next poll");
        }
        return text.toString().stripTrailing();
    }
}
