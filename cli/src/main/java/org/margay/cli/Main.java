package org.margay.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code margay} command. Each verb is a picocli subcommand in its own class; this class
 * only wires them together and maps the outcome to an exit code.
 */
@Command(
        name = "margay",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Margay: a user-space TCP/IP stack framework for the JVM (PDPIX datapath API).",
        subcommands = {DecodeCommand.class, DemoCommand.class, SimCommand.class, ServeCommand.class, ConnectCommand.class,
                ReplayCommand.class, BenchCommand.class, PacketdrillCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting (for tests); returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The version printed by {@code --version}: the module's version, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getModule().getDescriptor() != null
                    ? Main.class.getModule().getDescriptor().rawVersion().orElse("development")
                    : "development";
            return new String[] {"margay " + version, "Java " + Runtime.version()};
        }
    }
}
