namespace BlazorSessionDemo.E2E;

/// <summary>
/// Where screenshots go. With <c>UPDATE_SCREENSHOTS=1</c> (see the README) they replace the docs' pictures in
/// <c>docs/screenshots/</c> beside <c>BlazorSessionDemo.sln</c>; otherwise a temp folder, so a test run never dirties the tree.
/// </summary>
public static class Screenshots
{
    public static string PathFor(string fileName)
    {
        var folder = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "bsd-screenshots");
        return Path.Combine(Directory.CreateDirectory(folder).FullName, fileName);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "BlazorSessionDemo.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException($"BlazorSessionDemo.sln not found above {AppContext.BaseDirectory}.");
    }
}
