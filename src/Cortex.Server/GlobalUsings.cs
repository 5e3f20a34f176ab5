global using TorchSharp;
global using Cortex.Compute.Native;
global using Cortex.Web.Contracts;
