"""The one table from error codes (config.errors.ErrorCode) to what the app tells its user in Chinese.

Every failure below the UI carries a code; the English detail is shown after the Chinese text, for
whoever maintains the machine.
"""

from __future__ import annotations

from config.errors import ErrorCode, GovqaError

CHINESE: dict[ErrorCode, str] = {
    ErrorCode.EMPTY: "文件是空的",
    ErrorCode.NO_TEXT: "文件里没有文字(只有空白或网页标记)",
    ErrorCode.NO_REPORT_TEXT: "没有找到报告正文(只有网页导航、页眉页脚等框架内容)",
    ErrorCode.BINARY: "这不是文本文件(可能是二进制文件或扩展名不对)",
    ErrorCode.ENCODING: "无法识别文件的文字编码,请另存为 UTF-8 后再上传",
    ErrorCode.NO_TEXT_LAYER: "这是扫描件,需要文字识别(OCR),但文字识别已关闭(GOVQA_OCR=off)",
    ErrorCode.OCR_NO_TEXT: "这是没有文字层的 PDF,文字识别(OCR)也没有识别出文字",
    ErrorCode.CORRUPT: "文件无法解析(可能已损坏,或与扩展名所示的格式不符)",
    ErrorCode.ENCRYPTED: "文件有密码保护,无法读取",
    ErrorCode.UNSUPPORTED_TYPE: "不支持的文件格式",
    ErrorCode.TOO_LARGE: "文件太大,超过了允许的大小(GOVQA_MAX_FILE_MB)",
    ErrorCode.NOT_FOUND: "文件不存在",
    ErrorCode.UNREADABLE: "无法读取文件",
    ErrorCode.BAD_METADATA: "文件旁的元数据(.meta.json)格式不对",
    ErrorCode.INDEX_NOT_FOUND: "还没有索引",
    ErrorCode.INDEX_MISMATCH: (
        "现有索引是用另一个检索模型(或旧的索引格式)建立的,与当前配置不一致,不能使用。"
        "请在项目目录运行 `make clean-index`,再运行 `make run` 重新建立索引"
    ),
    ErrorCode.BUILD_RUNNING: "另一个建立索引的任务正在进行,请等它完成后再试",
    ErrorCode.MISSING_DEPENDENCY: (
        "检索模型或所需的组件还没有安装。请在项目目录运行 `make model`(`make run` 会自动完成),然后刷新本页"
    ),
    ErrorCode.BAD_QUERY: "无法处理这个问题",
    ErrorCode.NOT_IN_INDEX: "索引中没有这份文档(可能已被删除)",
    ErrorCode.LLM_UNAVAILABLE: "大模型暂不可用",
}
FALLBACK = "无法建立索引"


def explain(code: ErrorCode, detail: str) -> str:
    """The Chinese text for ``code`` and the detail it came with."""
    return f"{CHINESE.get(code, FALLBACK)}。详细原因:{detail}"


def explain_error(error: GovqaError, fallback: str = FALLBACK) -> str:
    """A project error in Chinese (no detail: the caller shows it apart, if at all)."""
    return f"{CHINESE.get(error.code, fallback)}。"
