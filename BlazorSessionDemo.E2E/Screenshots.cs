namespace BlazorSessionDemo.E2E;

/// <summary>Where the docs' screenshots live: <c>docs/screenshots/</c> beside <c>BlazorSessionDemo.sln</c>.</summary>
public static class Screenshots
{
    public static string PathFor(string fileName)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "BlazorSessionDemo.sln")))
        {
            folder = folder.Parent;
        }
        if (folder is null)
        {
            throw new InvalidOperationException($"BlazorSessionDemo.sln not found above {AppContext.BaseDirectory}.");
        }
        var screenshots = Directory.CreateDirectory(Path.Combine(folder.FullName, "docs", "screenshots"));
        return Path.Combine(screenshots.FullName, fileName);
    }
}
