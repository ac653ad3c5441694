package io.deitstream.cli;

import java.util.Arrays;

/** Entry point of {@code ./deit-stream}: dispatches to a subcommand; usage errors exit 2. */
public final class Main {
    static final String USAGE = """
            usage: deit-stream <command> [options]

              demo [--images DIR] [--repeat K] [--delivery at-least-once|exactly-once] [--timeout SECONDS]
                  Embedded Kafka + local Flink + the job; sends every file in DIR (default data/images) K times,
                  prints each result as it arrives, then a summary line.
              classify [--model DIR] [--top-k K] [--logits] FILE...
                  Classifies files without Kafka; one JSON object per line per file.
              bench [--model DIR] [--images DIR] [--batch-sizes 1,2,4,8,16,32] [--seconds S]
                  Preprocessing and forward-pass throughput per batch size, side by side.
            """;

    private Main() {}

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (UsageException e) {
            System.err.println("deit-stream: " + e.getMessage());
            System.err.print(USAGE);
            status = 2;
        } catch (Exception e) {
            System.err.println("deit-stream: " + e);
            e.printStackTrace(System.err);
            status = 1;
        }
        System.out.flush();
        // Flink and Kafka leave non-daemon threads behind; the command's outcome is decided, so end the JVM.
        System.exit(status);
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "demo" -> new DemoCommand(Args.parse(rest, DemoCommand.OPTIONS, DemoCommand.FLAGS), System.out).run();
            case "classify" -> new ClassifyCommand(Args.parse(rest, ClassifyCommand.OPTIONS, ClassifyCommand.FLAGS),
                    System.out).run();
            case "bench" -> new BenchCommand(Args.parse(rest, BenchCommand.OPTIONS, BenchCommand.FLAGS),
                    System.out).run();
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }
}
