"""Writes ParaView's Wavelet source (a 16^2 slice) in the .vti encodings ParaView offers, all of
which `scorefield superres` reads through VTK's reader: appended raw and base64, inline base64,
ascii, with zlib, lz4 or lzma compression, UInt32 headers and big-endian byte order.
Run with pvpython: write_vti_variants.py DIR"""
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
    "appended_raw_lz4": {"CompressorType": "LZ4"},
    "appended_raw_lzma": {"CompressorType": "LZMA"},
}
for name, options in variants.items():
    SaveData(os.path.join(out, name + ".vti"), proxy=wavelet, **options)
# Options ParaView's save dialog does not offer, through VTK's writer: UInt32 headers (files from
# older VTK) and big-endian byte order.
from paraview import servermanager  # noqa: E402
from vtkmodules.vtkIOXML import vtkXMLImageDataWriter  # noqa: E402

image = servermanager.Fetch(wavelet)
for name, configure in {
    "appended_raw_uint32_header": lambda w: (w.SetHeaderTypeToUInt32(), w.SetCompressorTypeToNone()),
    "binary_zlib_uint32_header": lambda w: (w.SetHeaderTypeToUInt32(), w.SetDataModeToBinary()),
    "appended_raw_big_endian": lambda w: (w.SetByteOrderToBigEndian(), w.SetCompressorTypeToNone()),
}.items():
    writer = vtkXMLImageDataWriter()
    writer.SetInputData(image)
    writer.SetFileName(os.path.join(out, name + ".vti"))
    configure(writer)
    assert writer.Write() == 1, name
    variants[name] = {}
print("wrote", len(variants), "variants to", out)
