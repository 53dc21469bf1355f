using BlazorSessionDemo.Auth;
using DjangoSessions;

namespace BlazorSessionDemo.Cli;

/// <summary>
/// What the first argument asks for, as Django's <c>manage.py</c> reads it: a verb (<c>clearsessions</c>,
/// <c>createuser</c>), help (<c>--help</c>, <c>-h</c>, <c>help</c>), or the web server, whose arguments are
/// configuration (<c>--urls=...</c>, <c>--Session:Engine file</c>, <c>Session:Engine=file</c>). Anything else is a
/// mistyped verb: usage and a non-zero exit, never a second web server (<c>-- clearsession</c> used to start one).
/// </summary>
public static class CommandLineVerbs
{
    public enum Kind { Web, Verb, Help, Unknown }

    public static Kind Classify(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?" or "help"))
        {
            return Kind.Help;
        }
        if (args is not [var first, ..])
        {
            return Kind.Web;
        }
        if (first is ClearSessionsCommand.Name or CreateUserCommand.Name)
        {
            return Kind.Verb;
        }
        // "--" is dotnet run's separator, not configuration: run directly, "-- clearsessions" meant the verb.
        if (first == "--")
        {
            return Kind.Unknown;
        }
        // Configuration arguments start with a dash or are key=value pairs; a bare word is a verb, known or not.
        return first.StartsWith('-') || first.Contains('=') ? Kind.Web : Kind.Unknown;
    }

    public const string Usage = """
        Usage: BlazorSessionDemo [verb] [options]

        With no verb, runs the web app; configuration may follow as --Key=value (e.g. --urls=http://localhost:5000,
        --Session:Engine=file), as in any ASP.NET Core app.

        Verbs (as Django's manage.py):
          clearsessions                                  Remove expired sessions from the configured store.
          createuser --username U --email E [--staff]    Create a user; the password is read from standard input
                                                         and checked by the same policy as /account/password.
          help, --help, -h                               Print this text.
        """;
}
