namespace BlazorSessionDemo.E2E;

/// <summary>The in-process server must serve the Blazor script and CSS, or every page test sees an inert, unstyled page.</summary>
[Collection(E2ECollection.Name)]
public sealed class StaticAssetsTests(AppServerFixture app)
{
    [Theory]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/app.css")]
    public async Task StaticAsset_IsServed(string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var response = await client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }
}
