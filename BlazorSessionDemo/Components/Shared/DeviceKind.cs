namespace BlazorSessionDemo.Components.Shared;

/// <summary>The kind of device a User-Agent names, for its icon only (a guess for people, never used for decisions).</summary>
public enum DeviceKind
{
    Desktop,
    Phone,
    Tablet,
    /// <summary>A command line or script client (curl, Python requests), or no User-Agent at all.</summary>
    Terminal,
}

public static class DeviceKinds
{
    // Tablets first: an iPad's or an Android tablet's agent also says "Mobile" on some browsers, Android phones always do.
    public static DeviceKind Of(string? userAgent) => userAgent switch
    {
        null or "" => DeviceKind.Terminal,
        _ when userAgent.Contains("iPad", StringComparison.Ordinal) => DeviceKind.Tablet,
        _ when userAgent.Contains("Android", StringComparison.Ordinal) && !userAgent.Contains("Mobile", StringComparison.Ordinal) => DeviceKind.Tablet,
        _ when userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("Mobile", StringComparison.Ordinal) => DeviceKind.Phone,
        _ when !userAgent.Contains("Mozilla/", StringComparison.Ordinal) => DeviceKind.Terminal,
        _ => DeviceKind.Desktop,
    };
}
