namespace BlazorSessionDemo.Auth;

/// <summary>
/// <c>createuser --username U --email E [--staff]</c>, password on standard input (never on the command line, where
/// other users and the shell history would see it). Refuses duplicates with a clear message.
/// </summary>
public static class CreateUserCommand
{
    public const string Name = "createuser";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        string? username = null, email = null;
        var staff = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--username" when i + 1 < args.Length: username = args[++i]; break;
                case "--email" when i + 1 < args.Length: email = args[++i]; break;
                case "--staff": staff = true; break;
                default:
                    await error.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: createuser --username U --email E [--staff] (password on stdin)");
                    return 2;
            }
        }
        if (username is null || email is null)
        {
            await error.WriteLineAsync("Usage: createuser --username U --email E [--staff] (password on stdin)");
            return 2;
        }
        var password = (await input.ReadLineAsync())?.TrimEnd('\r') ?? "";
        var result = await services.GetRequiredService<UserAccounts>().CreateAsync(username, email, password, staff);
        if (result.User is null)
        {
            await error.WriteLineAsync(result.Error);
            return 1;
        }
        await output.WriteLineAsync($"Created user '{result.User.Username}' (id {result.User.Id}{(staff ? ", staff" : "")}).");
        return 0;
    }
}
