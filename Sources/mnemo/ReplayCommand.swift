import ArgumentParser
import MnemoKernel
import MnemoLang
import MnemoStore

/// `mnemo replay SESSION`: re-executes a recorded session and optionally verifies its results.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-execute a recorded session's cells in a fresh state (recorded as a new replay session).",
        discussion: """
        With --verify, the replay is compared with the original: every cell's status and the numbers it \
        printed, and every run's latest metrics (runs matched in order). Durations, speeds, clock times \
        and store ids are left out of the comparison, since they change on every run. Differences are \
        listed and the exit code is 1 if there are any.
        """)

    @ArgumentParser.Argument(help: ArgumentHelp("The id of the session to replay (see `mnemo sessions`).", valueName: "session"))
    var session: Int64

    @Flag(name: .long, help: "Compare the replay's printed numbers and run metrics with the recorded ones.")
    var verify = false

    @Option(name: .long, help: ArgumentHelp("Relative difference under which two numbers still agree (default 0: exact).",
                                            valueName: "fraction"))
    var tolerance: Double = 0

    @Flag(name: .long, help: "Do not stream cell outputs.")
    var quiet = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be a number >= 0") }
    }

    func run() throws {
        var outcome: ExitCode?
        try reportingFailures { outcome = try replaySession() }
        if let outcome { throw outcome }
    }

    private func replaySession() throws -> ExitCode? {
        let store = try database.openStore(mustExist: true)
        let cancellation = CancellationFlag()
        InterruptHandler.install(cancellation)
        let output: OutputSink = quiet ? CapturedOutput() : StandardOutput()
        let replay = try SessionReplayer.replay(session: session, store: store, registry: .mnemo(), output: output,
                                                cancellation: cancellation)
        printError("mnemo: replayed session \(session) as session \(replay.replaySession): "
                   + "\(replay.cells.count) of \(replay.recordedCellCount) cells, \(replay.status.rawValue)")
        var exit: ExitCode?
        if let failure = replay.firstNewFailure, let error = failure.error {
            let place = "session \(session), cell \(failure.original.index + 1)" + (failure.original.title.map { " (\($0))" } ?? "")
            printError("mnemo: \(place) failed in the replay although it succeeded when recorded:\n\(error.rendered)")
            exit = failure.status == .interrupted ? ExitCode(130) : ExitCode(1)
        }
        if replay.status == .interrupted { return ExitCode(130) }
        guard verify else { return exit }
        let recordedThreads = Set(try store.runs(where: "session = \(session)", sort: "id").map(\.run.provenance.threads))
        if let recorded = recordedThreads.first, recordedThreads.count == 1, recorded != BLAS.threads {
            printError("mnemo: note: session \(session) was recorded with \(recorded) threads and this replay used "
                       + "\(BLAS.threads); training numbers depend on the count (MNEMO_THREADS=\(recorded) reproduces it)")
        }
        let differences = try ReplayVerifier.differences(store: store, original: session, replay: replay.replaySession,
                                                         tolerance: tolerance)
        if differences.isEmpty {
            print("verify: session \(replay.replaySession) reproduces session \(session)")
            return exit
        }
        print("verify: \(differences.count) difference\(differences.count == 1 ? "" : "s") between session \(session) "
              + "and its replay \(replay.replaySession):")
        for difference in differences { print("  \(difference)") }
        return ExitCode(1)
    }
}
