"""Writes ParaView's Wavelet source (a 16^2 slice) in every .vti encoding ParaView offers that
`scorefield superres` reads: appended raw, inline base64, ascii, with and without zlib, and
appended base64. Run with pvpython: write_vti_variants.py DIR"""
import os
import sys

from paraview.simple import SaveData, Wavelet

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
wavelet = Wavelet(WholeExtent=[0, 15, 0, 15, 0, 0])
variants = {
    "appended_raw": {"CompressorType": "None"},
    "appended_raw_zlib": {"CompressorType": "ZLib"},
    "appended_base64": {"CompressorType": "None", "EncodeAppendedData": 1},
    "appended_base64_zlib": {"CompressorType": "ZLib", "EncodeAppendedData": 1},
    "binary": {"DataMode": "Binary", "CompressorType": "None"},
    "binary_zlib": {"DataMode": "Binary", "CompressorType": "ZLib"},
    "ascii": {"DataMode": "Ascii"},
}
for name, options in variants.items():
    SaveData(os.path.join(out, name + ".vti"), proxy=wavelet, **options)
print("wrote", len(variants), "variants to", out)
