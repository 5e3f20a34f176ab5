namespace Cortex.Compute.Imaging;

/// <summary>Images [B, 3, S, S] as one CHW float array per image, on the CPU, for PNG encoding and frames.</summary>
public static class ImageRows
{
    public static float[][] Of(Tensor images)
    {
        var flat = images.detach().cpu().contiguous().data<float>().ToArray();
        var count = (int)images.shape[0];
        var size = count == 0 ? 0 : flat.Length / count;
        return Enumerable.Range(0, count).Select(i => flat[(i * size)..((i + 1) * size)]).ToArray();
    }
}
